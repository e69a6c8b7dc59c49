"""What surrounds a question in a chat message, and is no part of it: an @mention and emoji codes
("@管理员 …[捂脸]"), a greeting or a line about the asker ("你好，我在学习中国的地方政府。", "我是留学生。"), who
forwarded it ("群里有人问："), another question the message itself says to ignore
("还有人问那年台风多不多，那个不用管"), why a figure is wanted ("做新闻稿要个数："), and measure words doubled
by a learner ("几个条信息" is 几条信息)."""

from __future__ import annotations

import re

from assistant.question.bodies import places_in

_AT = re.compile(r"@[^\s，,：:]{1,12}\s*")
_EMOJI = re.compile(r"\[[\u4e00-\u9fffA-Za-z]{1,4}\]")  # WeChat's [捂脸], [微笑], [OK]
_GREETING = re.compile(r"^(?:你好|您好|大家好|老师好|哈喽|嗨|hi|hello)[啊呀]?[，,！!。.\s]*", re.I)
# A sentence about the asker that asks nothing ("我是留学生。", "我在学习中国的地方政府。")
_ABOUT_ME = re.compile(r"^(?:我|本人|我们)(?:是|在|正在|刚|最近|今年|关注|关心|研究|从事|负责|一直)"
                       r"(?:[^。！!？?]{1,30}[。！!]|[^。！!？?，,]{1,20}[，,](?=想|希望|请问|麻烦|请|能否|能不能|帮我|"
                       r"咨询|问一?下))\s*")  # "我是做企业合规的律师，想了解下…": who asks, then what
# "我研究乡村治理，海坛片区管理局2020年报说…": a clause on what the asker does, before one that names the report
# "我在整理旧格式年报：" likewise; a clause that names a place, a body or a year is kept ("我在写平潭的稿子：")
_ABOUT_ME_CLAUSE = re.compile(r"^(?:我|本人|我们)(?:在|正在|研究|从事|关注|关心|负责|一直|做|整理|写|查)"
                              r"[^。！!？?，,：:\d]{1,16}(?P<end>[，,：:])\s*")
_NAMES_BODY = re.compile(r"[\u4e00-\u9fff](?:局|委员会|县|市|(?<!地)区|镇|街道|办公厅)")
# "…几个信息公开申请 我想看看老乡申请的多不多": typed without marks, a last part about the asker after the question
_TRAILING_ABOUT_ME = re.compile(r"(?:(?<=[\u4e00-\u9fff？?])\s+|(?<=[？?]))(?:我|本人|我们)"
                                r"[^\s？?。！!]{2,20}[。！!]?$")
# …unless that last part asks, names an applicant or a body, or gives a figure or a quote
_TRAILING_ASKS = re.compile(r"多少|几|哪|什么|啥|企业|个人|法人|组织|局|县|市|区|镇|\d|[“‘'\"]")
_NAMES_WHAT = re.compile(r"局|委|县|市|区|镇|街道|片区|政府|公司|企业|个人|法人|组织|申请|复议|诉讼")
_ASKS = re.compile(r"多少|几|吗|什么|啥|哪|怎么|如何|是否|有没有|呢")
_FORWARDED = re.compile(r"^(?:群里|群内|刚才|刚刚)?有?(?:个|位|一位|一个)?"
                        r"(?:人|群友|网友|朋友|居民|家长|同学)(?:在群里)?(?:问|想问|想知道|在问)了?[，,：:]?\s*|"
                        # "公众号小编来问：", "领导让我问一下：": who the question comes from
                        r"^[^，,：:。？?]{0,8}(?:小编|领导|同事|记者|老师|朋友|客户|网友|市民|家长|老人|学生|主任|处长|科长|"
                        r"局长|老板|用户|读者|听众|粉丝|当事人|委托人)(?:来问|在问|让我问|叫我问|托我问|想问|问)(?:一下|下)?[：:]\s*")
# "…，还有人问那年台风多不多[捂脸]，那个不用管": a second asker's question the message sets aside
_IGNORED = re.compile(r"(?:(?<=[？?])|[，,。；;])\s*(?:还有|另(?:外)?有?|另一个|又有)(?:一个|个|位)?人(?:问|说|想问)"
                      r"[^。！!？?]*?[？?，,。]?\s*"
                      r"(?:那个|这个|这条|那条|这)?(?:不用管|忽略|别管|不用理|无视|不用回答?|不用答|不管它)[啊哈吧了]*[。！!]?")
# "做新闻稿要个数：…", "写材料需要个准数，": why the asker wants a figure, before what is asked ("个数" is no unit)
_WANTS_A_FIGURE = re.compile(r"^[^。！!？?：:，,]{0,16}?(?:要|需要|想要|求|给我|来)(?:一)?个"
                             r"(?:准|确切的?|具体的?)?数(?:字|据)?(?:儿)?[啊哈吧]?[：:，,。]\s*")
# A hotline operator relaying a caller: "我这边接了个电话，一位老先生说…", "我这边有个市民打电话说，…"
_RELAYED = re.compile(r"^(?:嗯|呃|哦)?[，,]?\s*(?:(?:我这边|我们这边|这边|刚才|刚刚)[^。？?]{0,12}?)?"
                      r"(?:接了?(?:个|一个|一通)?电话[，,]\s*)?"
                      r"(?:有)?(?:个|一位|一个|位)?(?:市民|老先生|老人家?|群众|网友|居民|来电人|老太太|阿姨|大爷|大妈|"
                      r"先生|女士|企业|办事群众|家长)(?:还|又)?(?:打电话|来电|打来电话|打来)?(?:说|问|追问|反映|咨询)"
                      r"(?:说)?[，,：:]?\s*")
# "…，他说他记得是三千多件，具体多少？": a figure the caller remembers is no part of what is asked
_REMEMBERED = re.compile(r"[，,]\s*(?:他|她|对方|老人家?|市民)?(?:说)?(?:他|她)?"
                         r"(?:记得|印象中|印象里|好像记得|依稀记得)(?:是|有)?[^，,。？?]{1,12}(?=[，,])")
# "…，麻烦帮忙查一下": a request to look it up, after what is asked
_LOOK_IT_UP = re.compile(r"[，,]\s*(?:麻烦|请|劳驾)?(?:您|你)?(?:帮忙|帮我|帮着|给)?(?:查|看|核实|确认|核对)一?下"
                         r"(?:吧|哈|呢|啊|好吗|谢谢)?[。！!]?\s*$")
_DOUBLED_MEASURE = re.compile(r"(几|多少)个(?=[条件篇项次场期])")


def _names_a_body(text: str) -> bool:
    """Whether words about the asker name a body or its place ("我刚调到海坛片区管理局。" stays; "我在学习中国的地方
    政府。" does not)."""
    return bool(_NAMES_BODY.search(text)) or any(p not in ("中国", "全国", "国家") for p in places_in(text))


def without_chatter(question: str) -> str:
    """The question a chat message asks, without what surrounds it; as typed when nothing does."""
    q = _EMOJI.sub("", _AT.sub("", question)).strip()
    q = _IGNORED.sub("", q)
    for _ in range(3):  # "你好，我在学习中国的地方政府。中卫市科技局…": a greeting, then a line about the asker
        before = q
        q = _GREETING.sub("", q)
        about = _ABOUT_ME.match(q)
        if about and not _ASKS.search(about.group(0)) and len(q) - about.end() >= 6 and \
                not _names_a_body(about.group(0)):
            q = q[about.end():]
        clause = _ABOUT_ME_CLAUSE.match(q)
        if clause and not _ASKS.search(clause.group(0)) and not _NAMES_WHAT.search(clause.group(0)) and \
                not places_in(clause.group(0)) and len(q) - clause.end() >= 6 and \
                (clause.group("end") in "：:" or re.search(r"20\d\d|年报|报告", q[clause.end(): clause.end() + 40])):
            q = q[clause.end():]
        q = _FORWARDED.sub("", q)
        relayed = _RELAYED.match(q)
        if relayed and len(q) - relayed.end() >= 8:
            q = q[relayed.end():]
        wants = _WANTS_A_FIGURE.match(q)
        if wants and len(q) - wants.end() >= 6:
            q = q[wants.end():]
        if q == before:
            break
    trailing = _TRAILING_ABOUT_ME.search(q)
    if trailing and _ASKS.search(q[: trailing.start()]) and not _TRAILING_ASKS.search(trailing.group(0)):
        q = q[: trailing.start()]
    q = _REMEMBERED.sub("", q)
    q = _LOOK_IT_UP.sub("", q) if len(_LOOK_IT_UP.sub("", q)) >= 6 else q
    q = _DOUBLED_MEASURE.sub(r"\1", q)
    return q if len(q) >= 4 else question
