"""What others said, checked against the report: "报道称…公开了一千多条政府信息，准确数字是多少条？".

The claim's words say what is counted; its rough figure ("一千多条", "近八成", "将近一半") and who made it are
not part of the question when the asker wants the report's exact figure, and would only mislead the readers
(a rough figure matches no stated one; "报道称" is no measure)."""

from __future__ import annotations

import re

_SAID_BY = re.compile(r"^(?:有|一篇|某|一则|一份)?"
                      r"(?:报道|新闻|媒体|文章|评论|网帖|网上|网友|有人|朋友|同事|领导|据说|听说|群里|微信群|朋友圈|网传)"
                      r"(?:上|里|中)?(?:说|称|讲|提到|写|报道|反映)?(?:了)?[，,：:]?")
_EXACT_ASKED = re.compile(r"准确|具体|实际|确切|到底|精确|(?:年报|报告)(?:里|中|上)")
_EXACT_WORDS = re.compile(r"(?:准确|具体|确切|实际|精确)(?:的)?(?:数字|数)?")  # how exact, not what is counted
_UNIT = r"(?:条|件|个|人|次|起|篇|项)"
_ROUGH = re.compile(rf"(?:将近|近|接近|约|大约|大概|超过|逾|不到|差不多)?"
                    rf"(?:[一二两三四五六七八九十]成|一半|过半|大半|[一二两三四五六七八九]?[十百千万]多{_UNIT}?|\d+多{_UNIT}?)|"
                    rf"(?:将近|接近|约|大约|大概|超过|逾|差不多)\d+(?:\.\d+)?\s*(?:{_UNIT}|%|％)?")


def without_hearsay(question: str) -> str:
    """The question without who said it and their rough figure, when it asks what the report states exactly;
    otherwise the question as asked (a claim to check, "…属实吗", is read by the claim reader)."""
    said = _SAID_BY.match(question.strip())
    if not said or not _EXACT_ASKED.search(question):
        return question
    return _EXACT_WORDS.sub("", _ROUGH.sub("", question.strip()[said.end():]))


# A question relayed for someone else: "我奶奶想问，…", "她又问，…", "…，她想知道2025年…". Who asks is no part of it.
_RELATIVES = r"(?:奶奶|爷爷|外婆|外公|姥姥|姥爷|妈妈|爸爸|母亲|父亲|老伴|老人家|家里老人|邻居|朋友|同事|领导)"
_ASKS = r"(?:问|让我问|叫我问|想知道|想问问|说)"
_RELAY_LEAD = re.compile(rf"^(?:(?:(?:我|俺)(?:家)?{_RELATIVES}|{_RELATIVES})(?:想|又|还|就|也)?{_ASKS}?|"
                         rf"(?:她|他)(?!们)(?:想|又|还|就|也)?{_ASKS})[，,：:]?\s*")
_RELAY_MID = re.compile(rf"([，,。；;])\s*(?:{_RELATIVES}|她|他)(?:又|还|就|也)?(?:想知道|想问问|想问|问|说)"
                        r"[，,：:]?\s*")


def without_relay(question: str) -> str:
    """The question without who it is asked for ("我奶奶想问，平潭…" → "平潭…")."""
    q = _RELAY_MID.sub(r"\1", question.strip())
    lead = _RELAY_LEAD.match(q)
    return q[lead.end():] if lead and lead.end() and len(q) - lead.end() >= 6 else q


# The asker's own memory of a figure, in a letter ("…见其言政务新媒体年度涌现爆款内容，余记为六十余条，不知有无记错？
# 请示其确数。"): what is remembered names the measure; the remembered figure, the doubt, the courtesies and the
# formula of the request are no part of what is asked. The question becomes the report it names and the measure.
_RECALL = re.compile(r"(?:(?:余|吾|我|本人|老朽|鄙人)?(?:依稀|隐约|好像|似乎)?"
                     r"(?:记得|记为|记作|记约|记成|印象中|印象里|记忆中)|(?:余|吾|老朽|鄙人)记)")
_WANTS_EXACT = re.compile(r"确数|正确|准确|确切|实数|原文|赐正|赐教|指正|示其|示下|为几何|记错|有误|不确|未敢自信|是否")
_CN_FIGURE = r"[〇零一二两三四五六七八九十百千万\d]"
_RECALLED_FIGURE = re.compile(rf"(?:约|大约|近|将近|逾|有)?{_CN_FIGURE}+(?:余|多)?"
                              r"(?P<unit>场|条|件|个|次|人|篇|项|期|家|名|份)")
_READING_LEAD = re.compile(r"^(?:敬启者|老朽|鄙人|余|吾|在下|本人|我)*(?:平素|此前|前日|日前|近日|曾|尝|前|又|再)?"
                           r"(?:拜读|翻阅|翻看|前翻|细读|阅读|阅|读|看|翻)(?:过|了|到)?")
_SAYS_LEAD = re.compile(r"^(?:(?:见|闻)?其(?:中)?|其中|文中|内中|当中)?"
                        r"(?:言及|述及|提及|提到|写到|载有|载|所言|所述|言|述|称|谓|写)?(?:及)?")
_REPORT_NAMED = re.compile(r"年报|年度报告|工作报告|[〇零一二三四五六七八九\d]{4}\s*年")


def without_recollection(question: str) -> str:
    """A letter that cites a figure from memory and asks for the exact one, as the plain question it asks:
    "拜读沭阳县人民政府二〇二五年政府信息公开年报，见其言政务新媒体年度涌现爆款内容，余记为六十余条，…请示其确数。"
    → "沭阳县人民政府二〇二五年政府信息公开年报，政务新媒体年度涌现爆款内容是多少条？". Anything else as asked."""
    q = question.strip()
    if not _WANTS_EXACT.search(q):
        return question
    clauses = [c for c in re.split(r"[，,。；;！!？?：:]", q) if c.strip()]
    at = next((i for i, c in enumerate(clauses)
               if _RECALL.search(c) and _RECALLED_FIGURE.search(c, _RECALL.search(c).end())), None)
    if at is None:
        return question
    recall = clauses[at]
    cue = _RECALL.search(recall)
    figure = _RECALLED_FIGURE.search(recall, cue.end())
    measure = _SAYS_LEAD.sub("", (recall[:cue.start()] + recall[cue.end():figure.start()]).strip(), count=1)
    if len(measure) < 2 and at:
        measure = _SAYS_LEAD.sub("", _READING_LEAD.sub("", clauses[at - 1].strip()), count=1)
    source = next((_READING_LEAD.sub("", c.strip()) for c in clauses[:at] if _REPORT_NAMED.search(c)), "")
    if len(measure) < 2 or not re.search(r"[\u4e00-\u9fff]{2}", measure):
        return question
    lead = f"{source}，" if source and source not in measure else ""
    return f"{lead}{measure}是多少{figure.group('unit')}？"
