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
