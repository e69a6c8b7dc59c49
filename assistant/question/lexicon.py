"""The words people use, as data: synonyms, question words, and what unit a measure is counted in.

Read by understanding and by the readers; a mechanism never spells these itself.
"""

from __future__ import annotations

import re

# Words that say how a question is asked, not what about (never key terms of the question).
QUESTION_WORDS = frozenset(
    "多少 几 几件 几条 几个 几次 几场 几期 几名 几项 是 有 哪些 什么 怎么 如何 吗 呢 了 的 一共 总共 共 总计 全年 一年 "
    "本年 本年度 年度 报告 年报 这份 政府信息公开 政府 信息 公开 工作 情况 其中 那 那么 请问 还有 还 因为 因 "
    "件 条 个 次 场 期 篇 项 名 元 万元 起 份 家 是多少 有多少 多少件 多少条 多少元 多少项 "
    "去年 今年 前年 全年 一年 当年 上一年 下一年 第二年 次年 后一年 翌年 全区 全市 全县 我区 我市 我县 我局 "
    "的话 一下 想 想知道 知道 告诉 告诉我 麻烦 帮 帮我 查 查一下 看看 能 能否 可以 要 需要 到底 究竟 "
    "你们 你 您 我 我们 他们 她们 它们 他 她 人家 咱们 局里 委里 办里 单位里 "
    "大概 大约 左右 一下子 具体 确认 请 问 问下 问一下 这个 那个 这些 那些 里 里面 中 上 关于 "
    "通过 经过 可以 能够 条数 件数 篇数 个数 项数 数目 数量 总数 数字 分别 分别是 各自 都是 都有 "
    "提到 提及 说到 写到 讲到 谈到 哪几 哪几个 哪几种 哪几项 哪几类 哪几家 叫 叫做 名字 名称 叫什么 "
    "自己 自行 那么多 这么多 咋样 咋 啥 我要 我想 哪里 哪儿 什么地方 为了 搞 搞了 搞了个 弄 弄了 整 整了 整出 "
    "俺 俺们 咱 咱们 问问 想问问 就想问问 啊 呀 哈 大家 大伙 大伙儿 这边 那边 这儿 那儿 百分之 百分之多少 百分 百分比 "
    # directional complements ("递交上来", "发出去"): how a verb goes, not what about
    "上来 下来 出来 出去 过来 进来 起来 回来 上去 下去 "
    # a copula before a preposition ("是从哪个渠道来的")
    "是从 是由 是在 是用 是通过 是按".split()
)

# Question words that still say what is counted when a question has no other words ("公开了多少条政府信息").
MEASURE_QUESTION_WORDS = frozenset("政府信息公开 政府信息 信息 公开 政府 工作 申请".split())

# Which year, not what about ("2024年", "第二年"): never key terms.
YEAR_WORDS = re.compile(r"(?<![\d.])(?:\d{4}|[12]\d)\s*年度?|第二年度?|次年|下一年|后一年|翌年")  # 2023年, 23年

# "…是多少件？上年结转的不要算进去": what the asker leaves out names no cell asked (the question before it does)
LEFT_OUT = re.compile(r"[，,。？?]\s*(?:把|将)?[^，,。？?]{2,20}?(?:的)?(?:不要|不用|别|不必|无需)(?:算|计|加|统计)"
                      r"(?:进去|进来|在内|上|了)?[。.！!]?\s*$")

# Where the asker read it ("这年报上说", "报告里写的"), not what is asked: never key terms (jieba cuts 年报上 into
# 年/报上, and 报上 would then weigh like a word the passage must share).
REPORT_WHERE = re.compile(r"(?:(?:他|她|我|对方)?看(?:了|过)(?:你们)?(?:的)?)?(?:这|该|那)?(?:一|个|份|篇)?"
                          r"(?:年报|年度报告|报告|文中|正文)"
                          r"(?:上面|上边|里面|里头|里边|上|里|中|内)?(?:所?说|写的?|写着|提到|讲|显示|介绍|指出)?")

# How the answer should be written, not what is asked: never key terms.
INSTRUCTIONS = re.compile(r"(四舍五入)?\s*(保留|精确到|取)\s*(小数点后)?\s*[一两二三123]\s*位(小数)?|"
                          r"按(照)?\s*(小数点后)?\s*[一两二三123]\s*位小数(来|去)?(算|计算|计)?|"
                          r"四舍五入(到|取|保留)?\s*(整数|个位)?|(保留|精确)到?(整数|个位)|取整(数)?|"
                          r"不用写百分号|不要百分号|不写百分号|"
                          r"[（(]?只要数字[）)]?|按报告(里|中)?(的数|写的)|用阿拉伯数字")

# Hong Kong and Taiwan wording, after its characters are simplified, as the reports write it (资讯 → 信息). OpenCC's
# own phrase tables also rewrite words the reports use (规范性文件 → 规范性文档), so only these are taken.
REGIONAL_PHRASES = {"资讯": "信息", "讯息": "信息", "入口网站": "门户网站", "网路": "网络", "透过": "通过",
                    "义大利": "意大利", "联络": "联系", "软体": "软件", "影片": "视频", "伺服器": "服务器",
                    "行政诉愿": "行政复议", "诉愿": "复议", "民众": "群众", "覆议": "复议",
                    "管道": "渠道", "网站首页": "网站", "电子信箱": "电子邮箱", "电邮": "电子邮箱", "档案": "档案",
                    "公文": "文件", "法规命令": "规章", "行政救济": "行政复议"}

# Words of what people ask for besides the template's, that a same-pinyin slip is read towards ("留邮相吗" → 邮箱)
ASKED_TERMS = frozenset({"邮箱", "电子邮箱", "传真", "联系电话", "办公地址", "邮政编码", "邮编", "网址", "热线"})

# Cantonese and spoken forms people type ("有冇行政诉讼", "收咗几多件"), as the reports say them.
SPOKEN_WORDS = {"有冇": "有没有", "冇": "没有", "咗": "了", "嘅": "的", "喺": "在", "乜嘢": "什么", "几多": "多少",
                "边个": "哪个", "点样": "怎样", "系唔系": "是不是", "係唔係": "是不是", "加埋": "加上", "合共": "一共",
                "几宗": "几件", "多少宗": "多少件", "几多宗": "多少件", "咁": "那", "入面": "里面",
                "信息费": "信息处理费"}  # (the fee's short name as people say it)

# Cantonese 同 for 和 between two things added up ("直接起诉同复议后起诉加上总共几件"); never 同比, 不同, 共同 …
SPOKEN_AND = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?<![不共相如会协连陪随等])同(?![比期意时样一步级类])"
                        r"(?=[\u4e00-\u9fff]{2,12}(?:加上|加起来|一共|总共|合计))")

# English words mixed into a question ("官网上post了多少条", "公众号的followers"), as the reports say them.
ENGLISH_WORDS = {"post": "发布", "posted": "发布", "posts": "发布", "followers": "粉丝", "follower": "粉丝",
                 "fans": "粉丝", "foi": "政府信息公开", "website": "网站", "web": "网站", "rate": "率",
                 "results": "结果", "result": "结果", "content": "内容", "report": "报告", "office": "办公室",
                 "have": "有", "has": "有", "language": "语种", "languages": "语种",
                 # the template's own terms and how people ask, in English
                 "applications": "申请", "application": "申请", "requests": "申请", "request": "申请",
                 "table": "表", "total": "总计", "how many": "多少", "how much": "多少",
                 "what percentage": "百分之多少",
                 "percentage": "百分比", "percent": "百分比", "this year": "本年", "last year": "上一年",
                 "phone number": "电话", "telephone": "电话", "phone": "电话", "fax": "传真", "email": "电子邮箱",
                 "e-mail": "电子邮箱", "address": "地址", "wechat": "微信", "weibo": "微博",
                 "administrative reconsideration": "行政复议", "reconsideration": "行政复议",
                 "reconsiderations": "行政复议", "lawsuits": "行政诉讼", "lawsuit": "行政诉讼",
                 "litigation": "行政诉讼",
                 "received": "收到", "receive": "收到", "set up": "设立", "where": "哪里", "what": "什么",
                 "which": "哪个", "fee": "信息处理费", "fees": "信息处理费", "published": "公开", "publish": "公开",
                 "disclosed": "公开", "proactively": "主动", "channels": "渠道", "channel": "渠道",
                 "information": "信息", "info": "信息", "build": "建设", "built": "建设", "launched": "上线",
                 "opened": "开通", "held": "举办", "hold": "举办", "training": "培训", "trainings": "培训",
                 # words that only join the others: read as nothing
                 "of": "", "the": "", "was": "", "were": "", "is": "", "are": "", "did": "", "do": "", "does": "",
                 "they": "", "a": "", "an": ""}

# To whom something was published ("给老百姓公开了多少条"): every publication is to the public, so these words say
# nothing about what is counted (老百姓 would pull towards 群众意见 otherwise).
PUBLISHED_TO = re.compile(r"(给|向|对|为)(广大)?(老百姓|百姓|群众|社会公众|社会|公众|市民|大家)"
                          r"(?=[^，。？?]{0,4}(公开|发布|公布|推送))")

# The words of comparing and adding up, shared by the single-report planner, comparisons across reports and
# province questions (each builds its own patterns from these).
MOST = "最多|最大|最高"
LEAST = "最少|最小|最低"
# "…一共多少": a sum when several reports or bodies are asked about
IN_ALL = "合计|加起来|加一起|加在一起|总共|一共|共计"

# What people send a government that is not a disclosure application: "收到诉求总数" counts these, never
# a table 三 cell, whatever verb it shares with one.
OTHER_REQUESTS = re.compile(r"诉求|留言|咨询|意见|建议|信件|来信|来电|电话|投诉|举报|提案|议案|工单|问政")

# "…年报里提到", "正文写到": what a report is said to say (the body named before it is the report's).
REPORT_SAYS = r"(?:年报|年度报告|报告|文中|正文)(?:里|中|上)?(?:提到|说|写到?|写着|显示|指出|讲|介绍)"
# How a rate of change is asked ("增长了百分之多少", "增幅是多少"), after what changed was asked before
RATE_OF_CHANGE = (r"(?:增长|增加|下降|减少|增幅|降幅|涨幅|变化)(?:了|率|是|为)*(?:百分之多少|百分之几|多少|几)"
                  r"(?:个百分点|%|％)?")
# A turn that only asks how much something changed ("少了多少条？", "那多了几件"): it compares with the earlier turn.
BARE_CHANGE = r"^(?:那么|那)?(?:\s*20\d{2}\s*年度?的?)?(?:多|少|增加|减少|增长|下降|涨|降|高|低|差)了?(?:多少|几)"

# Words that join the things a phrase names ("主动公开加上依申请公开", "“主动公开+依申请公开”"): their sum.
JOIN_WORDS = r"加上(?!一?年)|(?<![增追参更施])加(?![强大快紧入以深速班起在一总])|以及|和|与|及|、|\+|＋"

# A word inside a compound that names something else: 申请 of 依申请公开 (information published on request) is
# not an application.
INSIDE_OTHER_WORDS: dict[str, re.Pattern] = {"申请": re.compile(r"依申请(?=公开)")}

# What an asker says of themselves before a colon ("我在准备人大代表发言材料：", "写材料要用："): context, while a
# topic before a colon ("行政处罚处理决定数：2021、2023年哪年最高") is what is asked.
PREFACE = re.compile(r"^[^，,。？?：:“”《》]{0,20}?(我|咱|写|材料|稿|发言|汇报|准备|要用|帮|请问|想问|核对|整理)"
                     r"[^，,。？?：:“”《》]{0,16}[：:](?=.{6,})")

# How a claim is put to the assistant, at the end of its sentence
# How a claim is put to check, at the end of its sentence ("报告里说全年收到80件申请，对吗？")
_CLAIM_AFTER = (r"[，,]?\s*(?:这个|这|那)?(?:数字|数|百分比|比例|说法)?\s*"
                r"(?:对吗|对不对|是吧|对吧|是不是真的|是真的吗|准确吗|没错吧|没错吗|属实吗|是这样吗|"
                r"写对了(?:吗|没有)|写错了(?:吗|没有)|有没有写错|对不|是不是这样)\s*[？?]?\s*$")
# "复议61件 加上两类诉讼 是不是正文说的74件", "…跟总计21对得上吗": the figure to check comes last
CLAIMED_FIGURE = re.compile(r"[，,\s]*(?:(?:是不是|是否|等不等于|是否等于)\s*"
                            r"(?:报告|正文|年报|文中|表里|表中)?(?:里|中|上)?(?:所?说|写|提到|列|填)?的?|(?:跟|和|与)\s*(?=[^，,]*(?:对得上|对不上|一致|相等|相符)))"
                            r"\s*(?:总计|合计|总数)?\s*(?P<n>\d+(?:\.\d+)?)\s*"
                            r"(?P<u>%|％|万元|条|件|个|次|项|篇|人|元|起|场|份)?\s*"
                            r"(?:吗|么|嘛|对得上吗|对不对得上|对得上不|对得上|对不上|一致吗|相等吗|相符吗)?[？?]?\s*$")
CLAIM_CHECK = re.compile(f"(?:{_CLAIM_AFTER})|(?:{CLAIMED_FIGURE.pattern})")
# A rough figure put as a yes/no ("是不是一百出头？", "是八百多篇吗", "超过一千条了吗"): the exact figure, and whether
# it fits
_ROUGH_NUMBER = r"[零一二两三四五六七八九十百千万\d]+"
_ROUGH_UNIT = "[条件篇项个次人场份起]"
ROUGH_FIGURE = re.compile(rf"(?:(?P<pre>不到|不足|超过了?|不止|上|将近|接近|近)\s*(?P<n1>{_ROUGH_NUMBER})\s*"
                          rf"(?P<u1>{_ROUGH_UNIT})?|"
                          rf"(?P<n2>{_ROUGH_NUMBER})\s*(?P<how>多|余|来|出头|开外)\s*(?P<u2>{_ROUGH_UNIT})?|"
                          rf"(?P<n3>{_ROUGH_NUMBER})\s*(?P<u3>{_ROUGH_UNIT})?\s*(?P<how3>左右|上下|以上))")
# "…梳理的也是26个试点领域的公开目录吧？": a figure put with a tag question, to be checked
FIGURE_TAG = re.compile(r"\d+(?:\.\d+)?\s*[个条件次项篇人元起场份家][^，,。？?多少几]{0,16}吧\s*[？?]?\s*$")
_ROUGH_ANY = re.sub(r"\(\?P<\w+>", "(?:", ROUGH_FIGURE.pattern)
ROUGH_CLAIM = re.compile(rf"(?:是不是|是否|有没有|是不)\s*(?:有|达到|超过)?\s*(?:大概|大约|差不多)?\s*"
                         rf"(?:{_ROUGH_ANY})|(?:{_ROUGH_ANY})\s*(?:了)?\s*(?:吗|么|嘛|吧|没有)")

# Examples the asker gives of what is asked ("有没有政务新媒体，比如公众号、微博？"): they illustrate the topic, so a
# sentence need not name them.
EXAMPLES = re.compile(r"[，,]?\s*(?:比如说?|例如|譬如|诸如|像是)[^，,。？?]*")

# Everyday words → the words reports use (a term counts as present when any spelling is).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "官网": ("网站", "门户网站"), "网上": ("网站",), "网页": ("页面", "网站"), "看到": ("查阅", "查看", "浏览"),
    "登": ("发布", "刊登"), "登了": ("发布",), "报纸": ("日报", "晚报", "时报", "报"), "报纸上": ("日报",),
    "东西": ("信息",), "接到": ("收到", "受理"), "收到": ("受理", "接收"), "受理": ("收到",), "个人": ("自然人",),
    "公众号": ("微信公众号", "公众号", "微信"), "开了": ("召开",), "办了": ("开展", "办理"), "几期": ("期",),
    "文章": ("信息", "篇"), "回复": ("答复",), "答复": ("回复", "办结"), "办结": ("答复", "办理"),
    "主动公开": ("公布", "发布", "公开"), "公布": ("公开", "发布"), "发了": ("制发", "印发", "发布"),
    "发文": ("制发", "印发"), "网站": ("门户网站", "网站"), "发布会": ("新闻发布会",),
    "培训会": ("培训",), "培训班": ("培训",), "办了几场": ("举办", "开展"), "举办": ("开展", "组织", "召开"),
    "搞了": ("开展", "组织"), "开展": ("组织", "举办"), "微信": ("微信公众号", "公众号"), "微博": ("政务微博",),
    "新媒体": ("政务新媒体", "公众号", "微信", "微博"), "粉丝": ("关注", "粉丝"), "关注": ("粉丝",),
    "点击": ("点击量", "浏览量", "访问量"), "浏览": ("浏览量", "阅读量"), "访问": ("访问量", "浏览量"),
    "解读": ("政策解读", "解读"), "留言": ("留言", "咨询"), "咨询": ("留言", "咨询"),
    "新增": ("增设", "新设", "开设", "增加", "新开"), "增设": ("新增", "新设"),
    "开设": ("开通", "设立", "开设", "自建", "建立", "建设"),
    "主动沟通": ("沟通",), "提交": ("提出", "递交", "申请"), "群众": ("公众", "社会公众", "申请人", "市民"),
    "老百姓": ("群众", "公众", "市民", "民意"), "百姓": ("群众", "公众", "民意"),
    "反映问题": ("反映", "民意", "诉求"), "途径": ("渠道", "方式", "通过"), "渠道": ("途径", "方式", "通过"),
    "办公楼": ("楼层", "大厅", "办公场所"), "楼里": ("楼层", "大厅"),
    "查": ("查阅", "查询", "查看", "查找"), "交上去": ("提交", "接收", "递交"), "交上": ("提交", "递交"),
    "邮箱": ("电子邮箱", "邮箱"), "邮件": ("电子邮箱", "邮箱"), "申请人": ("申请", "群众", "公众"),
    "自己": ("自有", "自建", "本单位", "自行"), "自建": ("自有", "自建"), "发给": ("发送", "送达", "寄送", "答复"),
    "寄给": ("邮寄", "寄送"), "交上来": ("提交", "递交"),
    "递交": ("提交", "提出", "报送"), "交来": ("提交", "递交"), "送来": ("提交", "递交"),
    "往外": ("主动", "对外"), "上线": ("新增", "开通", "推出"), "新上线": ("新增", "开通", "推出"),
    "对外公开": ("主动公开", "公开", "发布"), "发出去": ("发布", "公开"),
    "发出": ("发布", "公开", "推送"), "靠": ("通过", "依托", "利用"),
    "推": ("推送", "推出", "发布"), "推了": ("推送", "发布"),
    "账号": ("政务新媒体", "新媒体", "公众号", "微博", "账户"), "语言": ("语种", "语"), "新加": ("新增",),
    "加了": ("新增", "增加"), "运营": ("运行", "运维", "管理"),
}

# The channels and platforms reports name (a sentence naming them answers "通过哪些渠道").
CHANNEL_WORDS = re.compile(r"门户网站|网站|日报|报纸|公众号|微信|微博|客户端|APP|小程序|平台|"
                           r"热线|信函|邮寄|传真|电子邮箱|"
                           r"电子邮件|网络|现场|窗口|公告栏|公开栏|宣传栏|公示栏|电子屏|新闻发布会|政务服务中心|档案馆|图书馆|"
                           r"时报|报刊|电视|广播|短信|政务新媒体", re.I)

# What a measure is counted in: 多少人 is never answered with a 条 figure. (word in the question, units)
MEASURE_UNITS: list[tuple[re.Pattern, frozenset[str]]] = [
    (re.compile(r"粉丝|关注(的)?人|关注数|关注量|用户|人数|参会人员|参训人员|人次|听众|受众"),
     frozenset({"人", "人次", "万人", "名", "位", "余人", "多人", "户"})),
    (re.compile(r"点击|浏览|访问|阅读量|播放"), frozenset({"次", "人次", "万", "余次", "多次"})),
    (re.compile(r"电话|热线|来电"), frozenset({"个", "通", "次", "件", "余次", "多次"})),
    (re.compile(r"金额|多少钱|(资金|经费|费用|收费)(是|有|为|共|一共)?(多少|几)(元|万|钱)?$|万元|多少万"),
     frozenset({"元", "万元", "亿元"})),
    (re.compile(r"占比|比例|比重|百分之|百分比|%|％|率|满意度|知晓度|覆盖面"), frozenset({"%", "％", "个百分点"})),
]
# Things counted that no other word stands for: a figure for "政务新媒体账号" must say 账号, one for "解读短视频"
# must say 视频 ("政策解读21个" counts every form; "新闻稿件2606篇" counts no accounts). (word, its spellings)
COUNTED_THINGS: dict[str, tuple[str, ...]] = {
    "账号": ("账号", "账户"), "短视频": ("短视频", "视频"), "视频": ("视频",), "动漫": ("动漫",), "图解": ("图解",),
    "直播": ("直播",), "音频": ("音频",), "手语": ("手语",), "盲文": ("盲文",),
    "专栏": ("专栏", "专题", "栏目"), "栏目": ("栏目", "专栏", "专题"),
}
_THING = "|".join(sorted(COUNTED_THINGS, key=len, reverse=True))
_COUNTED_THING = re.compile(rf"({_THING})(?:的)?(?:数量?|总数|数目)?(?:一共|共|总共|合计|累计)?(?:有|是|为|达)?"
                            rf"\s*(?:多少|几)|"
                            rf"(?:多少|几)\s*(?:个|条|部|期|档)[^，,。？?多少几]{{0,6}}?({_THING})")


def things_named(question: str) -> list[tuple[str, ...]]:
    """The spellings of each such thing the question names anywhere ("有没有做手语视频政策解读" → 手语, 视频): a
    sentence that says whether it was done must name them."""
    return [COUNTED_THINGS[m.group(0)] for m in re.finditer(_THING, question) if m.group(0) in _FORMS]


# The forms among them ("手语视频"): whether something was done in that form needs the form named; an 账号 or a
# 专栏 is also named by what it is (无自有政务新媒体 says there is no account).
_FORMS = frozenset({"短视频", "视频", "动漫", "图解", "直播", "音频", "手语", "盲文"})


def counted_thing(question: str) -> tuple[str, ...]:
    """The spellings of the thing the question counts when no other word stands for it ("账号一共有多少个" → 账号,
    账户), or ()."""
    m = _COUNTED_THING.search(question)
    return COUNTED_THINGS[m.group(1) or m.group(2)] if m else ()


# "多少X"/"几X": the unit the question itself names.
ASKED_UNITS = ("个百分点", "万元", "亿元", "元", "条", "件", "场", "期", "篇", "项", "次", "个", "名", "起", "份", "家",
               "批次", "分钟", "小时", "天", "个工作日", "人次", "人", "户", "类", "处", "位", "种", "点", "方面", "分",
               "月份", "月")  # (几月份 asks a month: no count answers it)
# Units no template table counts in: a score (打了多少分), a duration, households. A question in them is never
# a table cell, whatever row words it shares with one ("第三方评估公司打了多少分" is not 商业企业's applications).
NOT_CELL_UNITS = frozenset({"分", "分钟", "小时", "天", "个工作日", "户", "人次", "月份", "月"})
# Units that say nothing about what is counted: they agree with any measure.
LOOSE_UNITS = frozenset({"个", ""})
# A bare magnitude stands for an elided unit ("粉丝达1360万", "浏览量536万"): it counts people or times, never money.
MAGNITUDE_UNITS = frozenset({"万", "亿"})
_MAGNITUDE_FAMILIES = frozenset({"人", "人次", "名", "位", "万人", "余人", "多人", "户", "次", "余次", "多次", "通"})
# Units that may stand for each other in the reports' prose.
UNIT_FAMILIES = [frozenset({"条", "件", "篇", "份", "项", "个"}), frozenset({"次", "场", "期", "批", "批次"}),
                 frozenset({"人", "人次", "名", "位", "万人", "余人", "多人"}), frozenset({"元", "万元", "亿元"})]


# Platforms by name: a figure for "15个平台" together, or for the 微博, is not the 抖音's.
PLATFORMS = re.compile(r"抖音|快手|微博|今日头条|头条号|B站|哔哩哔哩|视频号|小红书|微信|公众号|学习强国|客户端")


# A name or a date asked of a thing ("那条短视频叫什么名字", "开放日是哪天办的"): a sentence that only counts the
# thing ("推送原创短视频1113条") names nothing and dates nothing.
_ASKS_NAME = re.compile(r"叫什么|什么名字|名字是|名称是|叫啥|题目是|标题是")
_ASKS_DAY = re.compile(r"哪天|哪一天|几月几[日号]|什么时候|何时|哪个月")
_A_NAME = re.compile(r"《[^》]{2,40}》|“[^”]{2,40}”|\"[^\"]{2,40}\"|「[^」]{2,40}」")
# "哪个县区的申请最多" asks for bodies; a list answers it only when its items are bodies
_ASKS_UNIT = re.compile(r"哪(?:个|些|几个|一个|家)?(?:县区|区县|县市区|县|区|乡镇|镇|乡|街道|部门|单位|科室|处室|机关|"
                        r"地区)")
_A_UNIT = re.compile(r"[\u4e00-\u9fff]{1,8}(?:县|区|镇|乡|街道|局|委员会|委|办公室|中心|厅)"
                     r"(?![\u4e00-\u9fff]{0,2}(?:信息|动态|公开))")
_A_DAY = re.compile(r"\d{1,2}\s*月(\s*\d{1,2}\s*[日号])?|(19|20)\d{2}\s*[-/.年]\s*\d{1,2}")


# A yes/no's verb, said back in a "no" ("有没有发生…" → 没有发生): the verbs a report's counts answer
_COUNTED_VERBS = r"(发生|出现|收取|收到|开展|举办|召开|受理|产生)"
NO_SAYS_VERB = re.compile(rf"(?:有没有|是否|有无){_COUNTED_VERBS}")
# …and the verb a question denies ("一个申请都没收到吗" → 没有收到)
DENIED_VERB = re.compile(rf"(?:没有?|未){_COUNTED_VERBS}")
# "是不是一件都没给公开": a question whether nothing was disclosed (部分公开 counts as disclosed)
NONE_PUBLIC = r"(一件都没|一个都没|全都没|都没)有?(给|被|予以)?公开"
# The thing whose name is asked: "关停的那2个政务新媒体叫什么名字" → 政务新媒体
_NAMED_THING = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:都|分别|各)?"
                          r"(?:叫什么|是什么名字|的名字|名字是|名称是|叫啥|的名称|题目是|标题是)")


def holds_what_is_asked(question: str, clause: str) -> bool:
    """Whether a text answer's clause holds the form the question asks for: a quoted name of the thing asked
    about (a 《title》 beside 专栏 names no 短视频), a date."""
    if _ASKS_NAME.search(question):
        names = list(_A_NAME.finditer(clause))
        if not names:
            return False
        thing = _NAMED_THING.search(question)
        head = thing.group(1)[-2:] if thing else ""
        bare = _A_NAME.sub("《》", clause)  # the names' own words are not what they name
        # a name stands right after what it names ("政务新媒体“平潭发布”") or right before it ("《…》等专栏")
        if head and head in bare and not any(head in bare[max(0, i - 6): i] or head in bare[i + 2: i + 8]
                                             for i in (m.start() for m in re.finditer("《》", bare))):
            return False  # the clause has names, and speaks of the thing, but names none of it
    if _ASKS_UNIT.search(question) and not _A_UNIT.search(clause):
        return False  # "哪个县区的申请最多": a list of results or kinds names no county
    if asks_details(question) and counts_only(clause):
        return False  # "那2件申请分别是谁申请的": "全年共受理申请2件，按时办结率100%" only counts them
    pointed = _POINTED_ITEMS.search(question)
    if pointed and asks_details(question) and not (pointed.group(1) in clause or re.search(r"申请|件", clause)):
        return False  # "这17件都是啥内容": a sentence on something else ("…纳入考核内容") says nothing of them
    return not (_ASKS_DAY.search(question) and not _A_DAY.search(clause))


# What a thing counted was about or who sent it: details a sentence of counts never gives
_ASKS_DETAILS = re.compile(r"(是)?谁(申请|提|告|起诉|发)|什么人|哪些人|"
                           r"(要|申请|想要|涉及)的?是?(什么|哪些|啥)(信息|内容|材料|文件|事)|"
                           r"讲的?是?(什么|啥)|(什么|啥)内容|(因为|因)(什么|啥)|什么事|案由|具体(内容|是什么|都是|是哪)")
# "这17件都是啥内容": the things counted before, pointed at
_POINTED_ITEMS = re.compile(r"(?:这|那)(\d+|几|些|两)\s*(?:件|个|起|条)")
_A_COUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|个百分点|万元|元|[件条个项次篇人起份类场期])|破(?:亿|千万|百万|万)")


def asks_details(question: str) -> bool:
    """Whether a question asks what things were about or who sent them, not how many."""
    return bool(_ASKS_DETAILS.search(question)) and not re.search(r"多少|(?<!哪)几(?!个月)", question)


def counts_only(sentence: str) -> bool:
    """Whether a sentence only counts: most of its clauses state a figure ("全年共受理申请2件，按时办结率100%")."""
    clauses = [c for c in re.split(r"[，,；;。、：:]", sentence) if c.strip()]
    counted = sum(1 for c in clauses if _A_COUNT.search(c))
    return bool(clauses) and counted >= max(1, 0.6 * len(clauses))


def breakdown_asked(question: str) -> str:
    """How a "哪个…" question wants figures split, as a refusal names it."""
    return "县区（或部门、单位）" if _ASKS_UNIT.search(question) else "月份（或日期）"


def platforms_missing(question: str, clause: str) -> list[str]:
    """The platforms the question names that the clause holding a figure does not."""
    return [m.group(0) for m in PLATFORMS.finditer(question) if not present(m.group(0), clause)]


def present(term: str, text: str) -> bool:
    return term in text or any(s in text for s in SYNONYMS.get(term, ()))


_ASKED = [(unit, re.compile(rf"(多少|几)\s*{unit}|{unit}数")) for unit in sorted(ASKED_UNITS, key=len, reverse=True)]


def asked_unit(question: str) -> str:
    """The unit the question names after 多少/几 ("多少条" → 条), or ""."""
    if re.search(r"(多少|几)\s*个\s*人(?!大|民|员)", question):
        return "人"  # "一共多少个人关注" counts people
    for unit, pattern in _ASKED:
        if pattern.search(question):
            return unit
    return ""


def counted_noun(question: str, unit: str) -> str:
    """The first two characters of what the question counts right after its unit ("多少个单位部门进行了问政" → 单位),
    or "": a figure written "对24个单位部门进行问政" counts the same thing."""
    if not unit:
        return ""
    m = re.search(rf"(?:多少|几)\s*{re.escape(unit)}(?:的)?[《“\"]?([\u4e00-\u9fff]{{2}})", question)
    return m.group(1) if m else ""


def measure_units(question: str) -> frozenset[str] | None:
    """The units the thing asked about is counted in (粉丝 → 人/名 …), or None when any will do."""
    for pattern, units in MEASURE_UNITS:
        if pattern.search(question):
            return units
    return None


def units_agree(wanted: str, allowed: frozenset[str] | None, unit: str) -> bool:
    """Whether a figure in `unit` can answer a question asking in `wanted` (and counted in `allowed`)."""
    unit = unit[1:] if unit[:1] in ("余", "多") and len(unit) > 1 else unit  # "877余篇" is counted in 篇
    if wanted in ("月", "月份"):
        return unit in ("月", "月份")  # "几月份上线的" asks a month: "10个语种" is no answer
    if unit in MAGNITUDE_UNITS:
        if allowed is not None and not (allowed & _MAGNITUDE_FAMILIES):
            return False  # money (万元) or a rate
        return not wanted or wanted in _MAGNITUDE_FAMILIES or wanted in LOOSE_UNITS
    if wanted == "个" and allowed is None and unit in UNIT_FAMILIES[2]:
        return False  # "账号有多少个" counts things: "粉丝近45.9万人" counts people ("多少个人" asks in 人)
    if allowed is not None and unit not in allowed and (unit not in LOOSE_UNITS or (unit and wanted != unit)):
        return False  # 粉丝 are counted in people: "15个平台" is no answer, unless the question says 多少个
    if not wanted or wanted == unit or unit in LOOSE_UNITS or wanted in LOOSE_UNITS:
        return True  # "几个发布会" asks for a count in any unit
    return any(wanted in fam and unit in fam for fam in UNIT_FAMILIES)


# "…里，现场解决了多少件", "其他处理那么多，里面有多少是申请人自己主动撤回的"
# (a space stands for the comma when people type fast: "117篇里 H5形式的有几篇")
_SCOPED_ASK = re.compile(r"(?:(?:里|中|当中|之中|里面|中间)(?:[，,]|\s+(?=\S))|(?<![其之])(?:里面|当中|之中))"
                         r"\s*([^，,\s]*?(多少|几)[^，,]*)$")


def asked_part(question: str, noun_phrase: bool = True) -> str:
    """What the question counts when it first says where ("收到的群众诉求里，现场解决了多少件" counts 现场解决):
    the words after "…里，" (or, with `noun_phrase`, after "…的群众诉求，"), else the whole question."""
    q = re.sub(r"[？?。！!\s]+$", "", question)
    m = _SCOPED_ASK.search(q)
    if m:
        return m.group(1)
    # "…栏目收到的群众诉求，现场就解决了多少件": a noun phrase, then what is counted of it
    head, sep, tail = q.rpartition("，")
    if noun_phrase and sep and re.search(r"的[\u4e00-\u9fff]{2,8}$", head) and \
            not re.search(r"多少|几|吗|什么|哪", head) and re.search(r"^[\u4e00-\u9fff]{2,}.*(多少|几)", tail):
        return tail
    return question
