"""The question-kind registry: what a question asks for, and which reader answers it.

Each kind is one entry: the words that ask for it, words that veto it, the reader that answers it and
what that reader needs. The first entry that matches wins. A new kind of question is one entry here and
one reader in assistant/read/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.question.lexicon import CLAIM_CHECK, FIGURE_TAG, NONE_PUBLIC, ROUGH_CLAIM
from ingest.facts.template import T3_COLUMN_ASK, T3_GROUPS


@dataclass(frozen=True)
class Kind:
    name: str
    pattern: re.Pattern
    veto: re.Pattern | None = None
    label: str = ""  # what `understood.target` says was asked, when no cell or measure says more
    figure: bool = False  # answered with a figure: unit agreement and figure support apply
    cells: bool = False  # a table cell may answer it
    one_report: bool = True  # read from one report at a time (cross-report questions combine them)


def _k(name: str, pattern: str, veto: str | None = None, **flags) -> Kind:
    return Kind(name, re.compile(pattern, re.I), re.compile(veto) if veto else None, **flags)


T3_GROUP_WORDS = "|".join(T3_GROUPS.values())
_WHICH_UNIT = (r"哪几?个部门|哪些部门|什么部门|哪几?个单位|哪几?家单位|哪些单位|哪几?个机构|哪些机构|哪几?个机关|"
               r"哪些机关|什么机关")
_WHICH_WHO = _WHICH_UNIT + r"|谁"
ASKS_UNIT = re.compile(_WHICH_UNIT)  # a unit's name is asked: "谁提的" may be an applicant type, this never is
_CHANNELS = r"(公众号|平台|栏目|专栏|账号|网站|客户端|小程序|新媒体|视频号)"
_DOCUMENT_ASKED = r"(哪|什么|啥)(个|份|一个|一份)?(通知|文件|规定|办法|文号)"
_COUNT_NOUNS = r"(改进|整改)?(措施|举措|问题|不足|短板|差距|方面|建议|任务|做法|打算)"
_COUNTED = r"(措施|举措|问题|不足|短板|建议|任务|打算)"

# "为啥都没能提供": which reasons the result had (its item rows); "为什么其他处理这么多" asks the prose to explain
_WHY_OF_RESULT = rf"(为什么|为啥|为何)[^。？?]{{0,12}}({T3_GROUP_WORDS})(?![^。？?]{{0,6}}(多|少|高|低))"

# How a fee is charged ("按什么标准收的"): the prose says, not whether it was charged
_FEE_HOW = r"标准|依据|按什么|(怎么|如何|怎样)(收|计)"
# How to reach the body: asked of its latest report when the question names no year
CONTACT_KINDS = frozenset({"phone", "fax", "email", "address", "postcode", "website"})

KINDS: list[Kind] = [
    # "“不予公开信息数168条”那句有没有错别字", "编号有没有写错", "六个部分齐不齐": proofreading against the template
    _k("proofread", r"错别字|错字|别字|笔误|写错|打错|有没有错|有无错误|是否有误|有误(吗|么)|齐不齐|是否齐全|"
                    r"齐全(吗|么)|"
                    r"缺(了|少)?(哪|几|什么)(一|个)?(个)?部分|缺不缺|漏了(哪|什么)|"
                    r"日期[^？?。]{0,16}(对得上|对不上|一致|相符|对不对)|"
                    r"(有没有|是否有|有无)[^？?。]{0,6}[“\"]?[一二三四五六]、[^”\"？?]{2,24}[”\"]?[^？?。]{0,4}部分",
       label="校对"),
    # "部分公开后面括号注的计数规则是什么": what the report's brackets after those words say
    _k("bracket", r"括号(里|中|内)?(注|写|标|注明|标注)?的?(是什么|什么|内容|计数规则|规则|说明|意思|怎么写)",
       label="括号内的说明"),
    # "由哪位领导分管？叫什么名字？": a person by name (reports name roles, rarely people)
    # (not "那个短视频品牌叫什么名字": a thing's name)
    _k("person", r"哪位(领导|同志|负责人|局长|主任|副局长|副主任)|"
                 r"(领导|负责人|局长|主任|同志|联系人)[^，。？?]{0,4}(叫什么|什么名字|姓名|名字)|姓名|"
                 r"(分管|主管)(领导|局长|副局长)(是谁|叫什么)", label="负责人姓名"),
    # "报告里说全年收到80件申请，对吗？": a claim to check against the report
    Kind("claim", re.compile(f"{CLAIM_CHECK.pattern}|{ROUGH_CLAIM.pattern}|{FIGURE_TAG.pattern}"), label="核对说法"),
    # "结果维持加结果纠正跟总计对得上吗": whether two of the report's figures agree (the planner reads both)
    _k("check", r"(对得上|对不上|能对上|对上了?|对不对得上|能不能对上)(吗|么|没|不)|对不对得上|能不能对上|"
                r"(是否|是不是)(一致|相符|吻合|相等)|(一致|相符|吻合|相等)(吗|么|不)|一不一致|等不等于|是否等于|是不是等于|"
                r"等于[^，。？?]{1,30}(吗|么)",
       r"哪|什么|啥|谁|(和|跟|与|同|等于)\s*['‘“\"]?\d", figure=True, label="核对两数是否相等"),
    _k("email", r"邮箱|电子邮件|e-?mail", r"(通过|以|用)(电子)?邮(箱|件).{0,8}(申请|提交|提出)|(申请|提交).{0,8}邮件",
       label="电子邮箱"),
    _k("postcode", r"邮编|邮政编码", r"地址", label="邮政编码"),  # "地址邮编是啥": the address, with its postcode
    _k("fax", r"传真", r"电话", label="传真"),
    _k("phone", r"电话|联系方式|热线|打哪个|(?<![文字编])号码",
       r"(接听|接到|接了|打来|来电|受理).{0,8}(多少|几)|(多少|几)\s*(个|通|次|件)\s*(电话|来电)|"
       r"入驻|小程序|公众号|平台|栏目|APP|客户端|"
       r"(电话|热线).{0,6}(多少个|几个|多少次|几次|多少通|来电量)|"
       # "我这边接了个电话，一位老先生说…": how the asker heard the question, not a number asked for
       r"接了?(个|一个|一通|通)电话|打来电话|打电话(来|过来|说|反映)|电话里(说|问|讲)", label="联系电话"),
    _k("doc_no", r"文号|发文字号|发文号|字号是", label="文号"),
    # the page's own fields above the report ("索引号是多少")
    _k("field", r"索引号|主题分类|组配分类|信息分类|发布机构是|公开方式|公开范围", label="页面信息"),
    # "是按哪个文件的格式要求编的", "编制依据是什么": the documents the report was compiled under
    _k("basis", r"(根据|按照?|依据|依照|遵照)了?(的是)?(哪个|哪些|什么|哪份|哪一个|哪一部|哪部|啥)"
                r"[^，。？?]{0,8}(文件|通知|规定|要求|法规|条例|格式)[^，。？?]{0,4}(编制|编写|编的|制作|写的)?|"
                r"(编制|编写|编|制作)(的)?依据|依据(是)?(什么|哪)|"
                r"(参照|参考|套用|用)的?是?(哪|什么)(一|个)?(版|份|个)?的?(年报|年度报告)?(格式|模板)|"
                r"(哪|什么)(一|个)?版的?(年报|年度报告)?(格式|模板)|(哪一?年|哪个年份)的?(年报|年度报告)?格式",
       r"处理费|收费|收取", label="编制依据"),  # (the document a fee's standard follows is the fee's sentence)
    _k("website", r"下载|网址|网站地址|官网地址|(电子版|全文).{0,8}(哪|什么)", label="网址"),
    # "还在哪里开设了公开栏" asks where something is done or found (a text answer), not the office's address.
    # "记在哪种办理结果下面" asks which result; "公开栏设在什么地方" where a thing is, not the office
    _k("address", r"地址|办公地点|在什么地方|(?<!存)在哪(?!些|一|个|年|几|种|类|项|栏|部分)|位置|怎么去|"
                  r"几号房|房间号|门牌号?|(几|哪个)(室|房间)|几楼",
       r"(在|到)哪里?(可以|能够?|才能)?(开设|开通|设置|设立|公开|发布|公布|查看|查询|查到|看到|看|查|找到|下载|集中)|"
       r"(设|放|建|开|挂|贴)在(哪|什么地方|何处)|(设立|设置|开设|建立|设在|放在)[^，。？?]{0,4}(在)?(哪|什么地方|何处)|"
       r"(公开栏|公示栏|宣传栏|查阅点|查阅室|电子屏|服务点|专区)[^，。？?]{0,8}(在|设在)(哪|什么地方|何处)",
       label="联系地址"),
    # "落款的单位名称写的是什么": the body named in the signature, as written
    _k("signer", r"落款(处|上)?(的|写的)?(单位|名称|机关|署名)|署名(单位|机关)|落款(写|署)的?是(哪个|什么)(单位|部门)",
       label="落款单位"),
    _k("end_note", r"(最后|末尾|文末|结尾|最下面)[^，。？?]{0,8}(括号|括弧)", label="文末注明"),
    _k("signed", r"落款|签发日期|成文日期|落款日期|署名日期|(文末|末尾|结尾|最后)(写|署|注)?的?.{0,4}(日期|时间)",
       label="落款日期"),
    _k("date", r"(哪天|哪一天|什么时候|啥时候|何时|日期|时间).{0,6}(发布|公布|印发|公开|出|发)|"
               r"(发布|公布|印发|公开|出)的?(日期|时间)|(发布|公布|印发)于|"
               # "年报是2023年12月就发出来了吧？": a date put to check
               r"(年报|报告)[^，。？?]{0,4}\d{4}\s*年\s*\d{1,2}\s*月[^，。？?]{0,6}(发|公布|发布|公开|出)(出来|布)?了?(吧|吗|么|没有)",
       label="发布日期"),
    # "那两场培训会是几月份办的": when something was done, as the prose dates it (not the report's own date)
    _k("when", r"(几月份?|哪个月|哪一个月|什么时候|什么时间|何时|哪天|哪一天)[^，。？?]{0,6}"
               r"(办|举办|召开|开展|组织|举行|上线|开通|启用|出台|建成|开设|开办|搞)|"
               r"(办|举办|召开|开展|组织|举行|上线|开通|启用|建成|开设)[^，。？?]{0,4}(于|在)?(几月份?|哪个月|什么时候|何时|哪天)",
       label="时间"),
    _k("period", r"统计(期限|时限|期间|区间|时间|周期)|从哪天到哪天|数据.*(期限|时限|时间段)|统计.{0,4}(从|自)|"
                 r"统计.{0,6}(哪一?段|什么|哪个)(时间|时期|期间)|(哪一?段|什么)(时间|时期)(段)?(内)?的数据",
       label="统计期限"),
    # (not the document a report cites about the fee: "学习了…关于信息处理费的哪个通知")
    _k("fee", r"信息处理费|处理费", rf"(多少|几)\s*(件|个|次|人|笔)|{_DOCUMENT_ASKED}|{_FEE_HOW}|"
                                  r"哪(个|些|家)(部门|单位|机关)", label="信息处理费"),  # which body charged: who
    # "第五部分的标题", "第六部分里写的是什么": one numbered part of the report, its title or its prose
    _k("part", r"第\s*([一二三四五六七八九十]|\d{1,2})\s*(个)?\s*(大)?\s*部分|"
               r"[“\"][^”\"]{4,24}[”\"]\s*(这|那)?一?(部分|节|板块)[^，。？?]{0,4}(写|说|讲)了?(什么|啥|哪些)",
       r"多少|几|是否|有没有|有无|哪些(问题|措施|不足|困难)|(问题|措施|不足)(有)?哪些", label="报告的某一部分"),
    # 收费通知 is table 三's row of applicants who did not pay (a count), not the fee itself
    # (how it is charged, "按什么标准收的", is the prose's text, not whether it was)
    _k("fee", r"收.{0,2}费|收取|收.{0,2}(多少|几)?钱|交钱|交费|缴费|付费|要钱|花钱",
       rf"行政事业性|收费项目|收费清单|收费目录|涉企收费|收费通知|(多少|几)\s*(件|个|次|人|笔)|{_FEE_HOW}|"
       r"哪(个|些|家)(部门|单位)|最多|最少",
       label="信息处理费"),
    # "表四下面那行注是怎么写的": the note under a table
    _k("note", r"(一行|那行|那条|的)[“\"']?注[”\"']?(?![重意册入射销])|(?<![关备标加批])[“\"']?注[”\"']?(释)?"
               r"(的是|是什么|写的是|怎么写|什么内容|内容是|写了什么|说的是|里写)|"
               r"[勾钩]稽关系[^，。？?]{0,4}(啥|什么|怎么|如何)|[勾钩]稽关系的?(那句|那段|那行)?(说明|注|备注|话)",
       label="表格下的注"),
    # "表四的数字包不包括上年结转的？": whether a figure includes something, as the report's note says
    _k("includes", r"包不包括|包括不包括|包不包含|包含不包含|含不含|算不算(上|进|在内)?|"
                   r"是否(包括|包含|含有?|计入|算上)|"
                   r"(包括|包含|含|计入|算上)(了)?[^，。？?]{0,24}(吗|么|没有)[？?]?$", label="是否包括"),
    _k("parts", r"(几|多少)个?(大)?部分|分(为|成)?了?(几|多少)个?(大)?部分", figure=True, label="报告的部分数"),
    # "哪几个公众号" asks which ones (a text answer), not how many
    # "报告里提到的三个微信公众号分别是哪几个": the names a list gives
    _k("named_list", rf"(哪几个|哪几家|哪些|分别是(哪|什么))[^，。？?]{{0,6}}{_CHANNELS}|"
                     rf"{_CHANNELS}[^，。？?]{{0,6}}(分别是|都是|是哪几个|有哪些)|"
                     # "三个微信公众号，除了“A”和“B”，还有哪个": the rest of the names
                     rf"{_CHANNELS}[^？?]{{0,40}}(除了|除去)[^？?]{{2,40}}(还有|另外|另一个)(一个)?(哪|什么|啥)",
       r"多少|(?<!哪)几(?!个)|在哪",
       label="列举的名称"),
    # "2019年版格式表二“第二十条第（九）项”统计的是什么", "三列分别叫什么": the template's layout (its vocabulary)
    _k("layout", r"(表\s*[二2]|第二十条)[^？?。]{0,40}(统计的?是?(什么|哪些|啥)|"
                 r"第\s*[（(][一二三四五六七八九十]+[）)]\s*项[”\"]?(登记|记录|填报|对应|统计|写)?的?是?(什么|哪些|啥)|"
                 r"(还有|有)哪(一|几)?(行|栏)|(列|栏)[^，。？?]{0,3}叫(什么|啥)|"
                 r"(列|栏)的?(名|名称)?(分别|都)?(叫|是)(什么|啥|哪些)|"
                 r"分别叫什么|叫什么名|有哪几(列|栏)|列名|栏目名称|统计口径|口径)", r"多少|几件|几条|几项",
       label="表格格式"),
    # "表二里还有“政府集中采购”这一项吗": whether the report's table has that row (templates differ)
    _k("has_row", r"(表\s*[二2]|表格)[^？?。]{0,30}(这一?项|这一?栏|这一?行|这个项目|这一?类)[^？?。]{0,4}(吗|么|没有)|"
                  r"(表\s*[二2]|表格)[^？?。]{0,12}(有没有|是否有|有无)[^？?。]{2,20}(这一?项|这一?栏|这一?行|项目)",
       r"多少|几", label="表格是否有这一项"),
    # "表三“不予处理”下面一共分了几种情形": the template's items of one group of results, not a count of requests
    _k("group_items", rf"({T3_GROUP_WORDS})(?:[^，。？?]|呢[？?]){{0,10}}?(几|多少)\s*个?\s*(种|类|小项)(?!件)",
       figure=True,
       label="该类办理结果下的情形数"),
    _k("count_items", rf"((?<!哪)几|多少)\s*(条|个|项|点|类|种|大)?\s*[^，。？?多少几]{{0,4}}?{_COUNT_NOUNS}|"
                      rf"{_COUNTED}.{{0,6}}?(几|多少)\s*"
                      r"(条|个|项|点)|(几|多少)个方面|分(成|为)?了?(几|多少)(个|类)(类别|类)?|(几|多少)(个)?类别|"
                      r"(一共|共|总共)(几|多少)类|列(了|举了)?(几|多少)(条|个|项|类)|"
                      r"((?<!哪)几|多少)个[^，。？?]{0,6}(公众号|平台|栏目|账号)|"
                      r"从[^，。？?]{0,10}排到了?第几(项|条|点)|(微信)?公众号(一共|共|总共)?(有|是|开了|开设了)?(几|多少)个|(涵盖|包括|包含|涉及|覆盖)了?((?<!哪)几|多少)\s*个?(类|方面|种|大类)",
       figure=True, label="列举的条数"),
    # "为啥都没能提供": which of the result's reasons (the outcome's item rows), not an explanation in the prose
    _k("why", r"为什么|为何|为啥|什么原因|原因是|怎么解释|如何解释|怎么回事",
       _WHY_OF_RESULT, label="原因"),
    # "处理结果分别是什么", "记在哪种办理结果下面", "不予公开的那3件都是什么理由": the results (or one result's
    # reasons) whose cells are not zero
    # ("一件公开答复了，另一件呢？": how the other was handled)
    _k("outcome", r"(怎么|如何|咋|怎样)(样)?(处理|答复|办理)的?|另(一|外一?)(件|个|起)(呢|怎么|如何|结果|是)|"
                  r"结果是[^，。？?]{1,6}还是|"
                  r"(处理|办理|答复|审理|复议)?结果(分别|都|各)?(是|为|属于)?(如何|怎么样|什么|啥|哪些|怎样|哪一?类|哪一?种)|"
                  r"^(那|那么)?(最后|都)?(给|有没有给|有没有)?公开了?(没|没有|吗|么)[？?]?$|"
                  rf"{NONE_PUBLIC}|"  # "是不是一件都没给公开": what they did get
                  r"最后怎么样|(按|以|作|属于)(什么|哪种|哪类|何种|哪一种|哪一类)(情形|方式|结果|类型)?(办理|处理|答复|办结)|"
                  r"(是|有)?(什么|啥)(样的?)?结果|(哪种|哪类|哪一种|哪一类)(办理|处理|答复)?结果|"
                  rf"({T3_GROUP_WORDS})[^。？?]{{0,24}}(理由|原因|情形|为什么|因为什么|(分别|都)是(什么|哪些))|"
                  rf"{_WHY_OF_RESULT}|"
                  r"怎么(判|裁)的", r"最多|最少|最高|最低|加起来|加在一起|一共|合计|总共|共计", label="办理结果"),
    # "按条数从多到少排，安全生产类信息排第几": an item's place in a list the report gives (or a table's cells)
    _k("rank", r"排(在|到)?第?几(位|名)?|排名第?几|第几(位|名)|排老几", figure=True, label="排第几"),
    # "注销了一些又新开了一些，净减少了几个": what was removed less what was added (or the other way)
    _k("net", r"净(减少|增加|减|增|少|多|下降|上升)了?\s*(多少|几)", figure=True, label="净增减"),
    _k("which_most", r"(哪|什么).{0,12}?(最多|最少|最大|最小|最高|最低)|(最多|最少|最大|最小|最高|最低)的是(哪|什么)|"
                     # "排第二多的是哪一类": the item at that place
                     r"第[二三四五六七八九2-9]\s*(多|少|大|小|高|低)(?![项类点条部])|(排|位居|居)在?第[二三四五六七八九2-9](位|名)?的?(是|为)?(哪|什么)|"
                     r"(最多|最少|最大|最小)的(那|这)?一?(类|项|种)(信息)?(有|是|为)?(多少|几)",
       figure=False, label="最多（或最少）的一项"),
    # "占比较上年下降了多少个百分点" asks for the change the report states, in points, not for a share.
    _k("percent", r"占比|百分之|百分比|比例|比重|%|％|占(?!了?\s*(?:多少|几)\s*[条件个篇项次人场]).{0,20}(多少|几成)|"
                  r"(纠错|公开|办结|增长|答复)率",
       r"(下降|上升|增长|提高|降低|减少|增加|降|升|涨|少|多)了?(多少|几)个?百分点|分母|分子|"
       r"(对应|相当于)的?(件数|条数|个数|数量)",  # "这个百分比对应的件数": a count
       figure=True,
       cells=True, label="比例"),
    _k("year_of", r"哪一?年(度)?的|哪个年度的", label="所指年份"),
    _k("measures", r"措施|怎么改|如何改|改进.{0,4}(做法|办法|工作)|下一步|打算|准备怎么|将如何|怎么做|"
                   r"针对.{0,40}(问题|不足|短板).{0,30}(什么|哪些|怎么|如何)(?![^，。？?]{0,2}(形式|类型|培训|活动|平台|栏目|渠道|内容))|(要|将|准备|打算|计划)(建立|采取|推出)(什么|哪些|哪种)|"
                   r"(要|将|准备|打算|计划)(建立健全|健全|完善|出台)(什么|哪些|哪种|啥)|"
                   r"(明年|来年|下一年|今后|\d{4}\s*年).{0,6}计划",
       r"(多少|几)\s*(条|件|个|篇|次|场)(?!措施|举措|打算)", label="改进措施"),
    _k("problems", r"(存在|主要|哪些).*(问题|不足|短板|差距)|需要加强|加强和改进|改进的地方|不足|短板|差距|"
                   r"(另一个|另外一个|另一|其他|其余|还有什么|还有哪些)(的)?(问题|不足)",
       r"(多少|几)\s*(条|件|个|篇|次|场)(?!问题|不足)", label="存在的问题"),
    # "哪几道审核" asks which ones (a list), not how many.
    # "平潭 2023 申请 件数": a keyword query says what it counts with 件数/条数
    # (typed as keywords: "县政府门户网站 全年访问量" asks the figure of a measure)
    _k("number", r"多少|(?<!哪)几|数量|金额|总计|总数|(?<![多少几])(条|件|篇|项|次|场|期|人)数(?![据字码])|"
                 r"(访问|浏览|点击|阅读|播放|下载|转发|关注|粉丝)(量|数|人数|次数)\s*[？?]?\s*$",
       figure=True, cells=True, label="数字"),
    _k("yesno", r"有没有|是否|有无|是不是|[^么]吗[？?]?$", cells=True, label="是否"),
]
_BY_NAME = {k.name: k for k in KINDS}
TEXT = Kind("text", re.compile(""), cells=True)  # "结转到下一年的呢？" names a cell without asking 多少
TEXT_ONLY = Kind("text", re.compile(""))  # a text reading that no cell may answer
_APPLICANT_TYPES = re.compile("|".join(p for _, p in T3_COLUMN_ASK))


def names_applicant_type(q: str) -> bool:
    """Whether a question names one of table 三's applicant types (个人, 企业, 律师 …)."""
    return bool(_APPLICANT_TYPES.search(q))
# A text question that asks for a description (how, which channels) or for a unit's name ("是哪个部门的答复被
# 纠正了") is never answered with a cell: cells count, they never name anyone.
DESCRIBES = re.compile(r"哪些|什么|怎么|如何|怎样|哪种|方式|渠道|途径|形式|内容|原因|为什么|" + _WHICH_UNIT)


WHO = Kind("who", re.compile(_WHICH_WHO), label="哪个单位")


def classify(q: str) -> Kind:
    """The kind a question asks for (its own words only)."""
    if re.search(_WHICH_WHO, q) and not re.search(r"多少|(?<!哪)几|最多|最少|更多|更少|有没有|是否|有无", q):
        return WHO  # "信息处理费是哪个部门收的" asks who, not how much
    for kind in KINDS:
        if kind.pattern.search(q) and not (kind.veto and kind.veto.search(q)):
            if kind.name == "percent" and (_NAMES_A_THING.search(q) or _RATE_AS_PURPOSE.search(q)) and \
                    not _ASKS_A_FIGURE.search(q):
                continue  # "要更新编制什么模板，来降低纠错率", "为了降低纠错率，打算怎么做": the rate is why
            return kind
    return TEXT


# "什么模板", "哪种机制": a thing asked by name; a question that also asks no figure is a text question
_NAMES_A_THING = re.compile(r"(什么|哪些|哪种|哪一种|啥)(样的)?[\u4e00-\u9fff]{0,4}"
                            r"(模板|机制|制度|办法|措施|举措|平台|栏目|形式|方式|渠道|内容|文件|系统)")
_RATE_AS_PURPOSE = re.compile(r"(为了|为|以便|以|来|从而)(进一步|有效|切实|大幅|持续)?(降低|提高|提升|减少|压低|控制)"
                              r"[^，,。？?]{0,16}率")
_ASKS_A_FIGURE = re.compile(r"多少|(?<!哪)几|百分|比例|占比|比重|%|％")


def kind_of(question: str, focus: str = "") -> Kind:
    """A follow-up's own words decide its kind ("传真号码呢？" after a phone question); otherwise the
    question as completed from the earlier turn."""
    if focus and focus != question:
        own = classify(focus)
        if own is not TEXT:
            return own
        if DESCRIBES.search(focus) and not re.search(r"多少|几", focus):
            return TEXT  # "那他们是用什么方式…？" asks how, whatever the earlier turn counted
    return classify(question)


def by_name(name: str) -> Kind:
    return _BY_NAME.get(name, TEXT)
