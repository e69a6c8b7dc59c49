"""Every weight the readers and the chain use, in one frozen object, each with why it is what it is.

Tuning edits this file only; the mechanisms read `SCORING` (or a Scoring handed in by a test).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scoring:
    # -- how much of the question a clause must cover before its figure or text is an answer
    min_coverage: float = 0.6  # below this the clause is about something else: refuse rather than guess
    # A prose total beats the table's cell only when the clause says it this plainly (the table is the
    # default source; prose is quoted when it states the same total in so many words).
    prose_over_table: float = 0.85
    # A figure the prose states in the very unit asked, its words all found in its sentence, beats a table cell
    # that could not be read ("区财政金融局…今年累计公开政府采购项目信息2536条" for 多少条) and a count of part 五's
    # list ("6期《问政平潭》…曝光了16个问题" for 曝光了几个问题).
    prose_in_unit: float = 0.8
    synonym_credit: float = 0.7  # an everyday word matched through its synonym counts less than the word
    context_credit: float = 0.8  # words found in the clauses before the figure's clause (same sentence)
    section_credit: float = 0.8  # words found only in the passage's section title (yes/no reading)
    previous_sentence_credit: float = 0.75  # … or only in the sentence before (text reading)
    sentence_credit: float = 0.8  # … or anywhere in the clause's own sentence, after it too (text reading)

    # -- a figure against the question's words (read/figures.py)
    measure_weight: float = 0.3  # the words just before a figure say what it counts ("关注人数860人")
    after_credit: float = 0.5  # … the words after it count only when nothing before matches ("开展6期《问政平潭》")
    counted_noun_bonus: float = 0.3  # "多少个单位部门" is answered by "24个单位部门": its unit and the noun after it
    overlap_weight: float = 0.2  # shared character pairs break ties between similar clauses
    text_overlap_weight: float = 0.02  # the same, in text reading, only to break ties: "其他处理" written as one
    precision_weight: float = 0.2  # … and so does how much of a figure's measure words the question uses
    rank_penalty: float = 0.01  # retrieval order breaks remaining ties, a little
    rank_cap: int = 8
    quoted_bonus: float = 0.3  # the exact name the question quotes (《问政平潭》)
    quoted_floor: float = 0.8
    quoted_context_bonus: float = 0.15  # … when the name stands earlier in the figure's sentence ("“上海发布”…，其中…")
    to_target_bonus: float = 0.2  # "由42分钟缩至19分钟": 缩短到多少 asks for the second figure
    breakdown_penalty: float = 0.45  # an item of a "（其中…）" list when the total before it is asked
    list_item_penalty: float = 0.3  # an item of an enumeration when the question names nothing of its own
    item_named_weight: float = 0.3  # "季度通报3次、月通报7次": the item whose own words (月) the question uses
    stated_total_bonus: float = 0.1  # … and the figure the enumeration breaks down
    title_penalty: float = 0.3  # the report's own title clause matches every question about it
    total_bonus: float = 0.15  # 一共/累计/全年 asks for a total: a figure stated with 共/累计/总
    new_penalty: float = 0.15  # … and not one stated as 新增/其中
    unit_mismatch: float = 1.0  # 多少人 is never answered with a 条 figure

    # -- text readers
    listing_chars: int = 200  # "通过哪些渠道" is answered by the whole sentence, up to this long
    channel_bonus: float = 0.05  # … a sentence naming channels (网站、信函、传真) answers it, per channel named
    channel_cap: float = 0.2
    yes_no_states: float = 0.1  # a sentence that states what happened (未/没有/发生) …
    yes_no_plans: float = 0.1  # … over one that plans to prevent it (将/加强)
    part_five_section: float = 3.0  # the passage sits in the problems (or measures) section
    part_five_remedy_words: float = 2.0
    part_five_rank: float = 0.1

    # -- answering
    vector_weight: float = 1.0  # reciprocal-rank fusion of the vector and BM25 rankings
    bm25_weight: float = 1.0
    rrf_k: int = 60
    retrieve_k: int = 8
    retrieve_depth: int = 30
    max_cross_reports: int = 12  # a comparison over more reports than this asks the user to narrow it


SCORING = Scoring()
