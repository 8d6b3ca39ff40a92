"""Invariants of the whole pipeline, on arbitrary text (hypothesis)."""

import os
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asrclean.api import Cleaner
from asrclean.edits import replay
from asrclean.glossary import load_all
from asrclean.glossary import parse as parse_glossary
from asrclean.pipeline import Pipeline
from asrclean.readers import parse
from asrclean.settings import FILLER_LEVELS, Settings

PIPE = Pipeline()

# Text that looks like transcripts: Chinese, fillers, stutters, marks, Latin fragments, numbers.
PIECES = st.sampled_from(
    list("我你他的了是在有这那个就说们呃嗯啊吧呢额哎唉慢看谢")
    + ["，", "。", "？", "！", "、", "：", "；", ",", ".", "?", "!", " ", "  ", "\n", "\n\n", "%", "……"]
    + ["我我", "所以所以", "就是就是", "um", "uh", "AI", "open AI", "stand off", "4. 2", "100 %", "第一", "然后"]
    + ["Ｇ", "３", "\u3000", "\t", "\u200b", "*", "_", "#", "`", "[", "]", "<", ">", "&", "\\"]
)
TRANSCRIPTS = st.lists(PIECES, max_size=60).map("".join)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)

# Stages that only repair form: they may drop spaces, marks and invisible
# characters, but never a letter, digit or Chinese character.
FORM_STAGES = {"normalize", "punctuation", "spacing", "sentences"}
_WORDISH = re.compile(r"\w")


def _word_chars(s: str) -> str:
    return "".join(_WORDISH.findall(unicodedata.normalize("NFKC", s))).casefold()  # capitalizing is not a loss


def _check(text: str, pipe: Pipeline = PIPE):
    run = pipe(text)
    assert replay(text, run.edits) == run.text
    for e in run.edits:
        assert e.stage in pipe.names and e.rule
        if e.stage in FORM_STAGES:
            assert _word_chars(e.before) == _word_chars(e.after), e
    again = pipe(run.text)
    assert again.text == run.text, "not idempotent"
    run.text.encode("utf-8")
    return run


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TRANSCRIPTS)
def test_transcript_like_text(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_arbitrary_unicode(text):
    _check(text)


def test_deterministic():
    text = "呃，我我我觉得。，这个问题？？在AI上有没有泡沫 。 增长了4. 2%"
    assert PIPE(text).text == Pipeline()(text).text
    assert PIPE(text).edits == Pipeline()(text).edits


# -- mixed Chinese and English transcripts, at every filler level ------------------
#
# What fuzzing found breaking idempotence or gluing words: marks glued to English
# words and garbled terms ("用:deep seek"), fillers between English words
# ("think呃that"), empty brackets between copies of a word ("我《》我觉得"), numbers
# with mixed marks ("10、：３０"), pause spaces after discourse fillers ("那个 明天").
# The pieces are built so that these meet often.

_ZH = st.sampled_from(
    "我 你 他 我们 觉得 我觉得 明天 今天 这个 问题 公司 模型 数据 团队 的 了 是 在 就 也 很 说 看 做的 "
    "慢慢 谢谢 美国 国会 所以 但是 因为 一个 一一 对 不 好 用 金额 哈哈".split()
)
_EN = st.sampled_from(
    "I think that is fine we use the a cloud model data OK and it was like so you know 3 5 10 2024 4.2".split()
)
# Garbled forms of the default glossary's terms, and the terms themselves.
_TERMS = st.sampled_from(
    ["deep seek", "Deep Seek", "DeepSeek", "open ai", "OpenAI", "chat gpt", "ChatGPT", "NVIDIA", "git hub", "you tube", "AI"]
    + ["[音乐]", "[笑]", "B圈", "you know"]
)
_FILLERS = st.sampled_from(["呃", "嗯", "额", "啊", "哎", "那个", "然后", "然后呢", "就是说", "呢", "um", "uh", "er", "hmm"])
_MARKS = st.sampled_from(list(",.:;?!，。：；？！、") + ["……", "——", "。，", "、：", "?？"])
_BRACKETS = st.sampled_from(["《》", "（）", "【】", "()", "“”", "「」", "《", "》", "（", "）", "“", "”", "《 》"])
_NUMBERS = st.sampled_from(["10、：３０", "10：30", "１０", "３０", "4. 2", "100 %", "5、", "1.", "第一", "2、3"])
_BREAKS = st.sampled_from(["\n", "\n\n", "\nA：", "\n客服：", "\nB: ", "\n- ", "\n1. ", "\n2、"])
_SPACES = st.sampled_from([" ", "  ", "\u3000", ""])
# Traditional script, full-width letters, invisible characters, answers, addresses, repeats.
_OTHER = st.sampled_from(
    ["謝謝", "這個", "ＡＩ", "\u200b", "\t", "嗯。", "？嗯。", "the the", "我我我", "对对对", "C++", "http://a.com/x", "C:", "…"]
)
# A token glued to marks or spaces on either side: ":deep seek", "cloud,", " 我".
_GLUED = st.tuples(
    st.one_of(_MARKS, _SPACES, _BRACKETS),
    st.one_of(_ZH, _EN, _TERMS, _FILLERS, _NUMBERS, _OTHER),
    st.one_of(_MARKS, _SPACES, _BRACKETS),
).map("".join)
MIXED = st.lists(
    st.one_of(_ZH, _ZH, _EN, _TERMS, _FILLERS, _MARKS, _BRACKETS, _NUMBERS, _BREAKS, _SPACES, _GLUED, _OTHER),
    max_size=40,
).map("".join)

# The default glossary, with replacements that delete (noise tags) and fillers of the user's.
GLOSSARY = load_all([], use_default=True).merged(
    parse_glossary('replace: {"[音乐]": "", "[笑]": "", B圈: 币圈}\nfillers: [you know]\n', "fuzz")
)
PIPES = {level: Pipeline(Settings(glossary=GLOSSARY, fillers=level)) for level in FILLER_LEVELS}
CLEANERS = {level: Cleaner(GLOSSARY, fillers=level) for level in FILLER_LEVELS}
LEVELS = st.sampled_from(FILLER_LEVELS)
# The suite runs a few hundred examples; a long local run sets more, e.g.
#   ASRCLEAN_FUZZ_EXAMPLES=30000 pytest tests/test_properties.py -k "mixed or markdown"
FUZZ_EXAMPLES = int(os.environ.get("ASRCLEAN_FUZZ_EXAMPLES", "0"))
MIXED_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES or 300, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True
)


@MIXED_SETTINGS
@given(MIXED, LEVELS)
def test_mixed_text_at_every_level(text, level):
    """Replay, idempotence, no word lost in form stages, and no removal that runs
    two English words or numbers together ("think呃that", "3呃5")."""
    run = _check(text, PIPES[level])
    assert glued_by(text, run.edits) == []
    assert unmarked_by(text, run.edits) == []


_SPACED_WORD = re.compile(r"[A-Za-z0-9]")


def glued_by(text: str, edits) -> list:
    """The deletions that ran two English words or numbers together."""
    glued = []
    for e in edits:
        if e.before and not e.after:
            if _SPACED_WORD.match(text[e.start - 1 : e.start]) and _SPACED_WORD.match(text[e.end : e.end + 1]):
                glued.append(e)
        text = text[: e.start] + e.after + text[e.end :]
    return glued


# A list marker opening its line, and the space after it ("- ", "* ", "1. ").
_LIST_MARKER = re.compile(r"(?:^|\n)[ \t]*(?:[-*•·]|\d{1,3}[.)）]) \Z")


def unmarked_by(text: str, edits) -> list:
    """The fillers deletions that took the space after a list marker and glued it to the text."""
    unmarked = []
    for e in edits:
        if (
            e.stage == "fillers"
            and e.before.startswith(" ")
            and not e.after.startswith(" ")
            and _LIST_MARKER.search(text, max(0, e.start - 8), e.start + 1)
            and text[e.end : e.end + 1] not in ("", " ", "\n")
        ):
            unmarked.append(e)
        text = text[: e.start] + e.after + text[e.end :]
    return unmarked


@settings(MIXED_SETTINGS, max_examples=FUZZ_EXAMPLES or 120)
@given(MIXED, LEVELS)
def test_markdown_round_trip(text, level):
    """Cleaning the cleaner's own Markdown gives the same paragraphs.

    (The pieces never start a line with "#": a cleaned text that begins with
    "# " is read back as a title, a separate bug being fixed elsewhere.)
    """
    cleaner = CLEANERS[level]
    doc = cleaner.clean_text(text, title="T")
    # As the command reads its own output: sniffed as Markdown (by the title), unescaped.
    again = cleaner.clean_source(parse(doc.to_markdown(), "<stdin>"))
    assert again.title == "T"
    assert [p.text for p in again.paragraphs] == [p.text for p in doc.paragraphs]


def _every(levels, *texts):
    return [(level, text) for text in texts for level in levels]


ALL_LEVELS = ("light", "standard", "aggressive")

# Inputs that changed when cleaned a second time, found by fuzzing
# (HYPOTHESIS_PROFILE=explore) or by an adversarial review, kept so that every run checks
# them: cleaning the output again must change nothing.
CLEANS_ONCE = [
    # An answer said three times before a run of marks with a question mark in it
    # ("我;？" is read "我？" once the marks are settled) asks, on the first pass as on the second.
    *_every(ALL_LEVELS, "对对对我;？嗯。", "是是是我；？", "对对对我；。好的"),
    # Aggressive removes 啊 ending a statement: before a run of marks, the mark the run
    # becomes decides ("：." is a full stop, "，！" an exclamation).
    *_every(["aggressive"], "我啊：.", "我们走吧啊；。", "真好啊，！"),
    # English restoration asks whether a paragraph is English only; a 呃 that the fillers
    # stage takes out must not make the second run answer otherwise.
    *_every(["light", "aggressive"], "deep seekIdeep seekdeep seekdeep seekdeep seek呃deep seek", "so we need to ship it 呃 next week"),
    # A tone particle before a pause space that the punctuation stage makes a comma
    # only later: judged as that comma on the first pass, and the pause kept.
    ("aggressive", "我我我我啊 我,"),
    ("aggressive", "这个很重要啊 我们走吧"),
    # A restart at a line that opens with the space a removed empty pair left.
    ("light", "《》 我,我我"),
    # English words glued to 呃: the hesitation ends no English run, nor the
    # paragraph, nor is it part of a word the English model reads.
    ("light", "我 I it deep seek model modelsoI thethat呃 deep seek so the"),
    ("light", "model I so model 我cloud model and that I is fine 呃 deep seek"),
    ("light", "use我 model the isandwas was use I呃 model thatusethat"),
    ("light", "I thinkwe deep seek… is and isthe 呃 it呃 "),
    ("light", "model  use cloud was we呃 fineso the was use 我 "),
    ("light", "呃。finefine3 it3 is we… you know…is 呃 andthatfine 3and so model and "),
    # Marks and a hesitation alone before a run open its paragraph all the same.
    ("standard", "，open ai modelwe 呃you knowandyou know you know 3这个 so呃OKOK"),
    ("light", "呃，deep seekopen aiopen ai 呃 that IweOKfinethat wasmodel thecloud soyou knowthe deep seek这个"),
    # 呃 between an English word and a point: read as the fillers stage leaves it
    # ("seek.deep", a point inside a name), on the first run as on the second.
    ("light", ",deep seek.deep seek呃.deep seek.deep seek"),
    ("light", ",deep seek.deep seek.《》deep seek.deep seek"),
    # An empty pair the fillers stage removes ends no paragraph either.
    ("light", "deep seekdeep seek我I我10、：３０我I\n\nI《》"),
    ("standard", "这个themodelismodel呃这个model呃thinkdeep seek we theis OK sodeep seekmodelcloudthe ， 呃 "),
    # "like" glued to Chinese or after a pause a line opens with, "like ，" read as "like，".
    ("aggressive", "use 了cloud and我so like呃we， was 呃。 "),
    # ... but not before a pronoun set off by a comma of either width ("like I，": a comparison).
    ("aggressive", "like[音乐]I,我,"),
    ("aggressive", "， like这个。我们 3so andthe 3 Iwas。that think wascloud … 呃 "),
    ("aggressive", "itOK。呃clouduse 这个。we3… 这个deep seekso… cloud。 like ，，"),
    # 这个 after an English word, glued to it or not, before a pause.
    ("aggressive", "likelike呃 you knowthink这个 我们3use呃这个"),
    ("aggressive", "了fine呃这个 ，I3cloud。 so 我 the"),
    # An English word said twice after Chinese, before a mark of either width.
    ("light", "我 the the?？"),
    ("light", "我the the,我"),
    # A pause run with a space before its comma parts two copies; an answer said
    # over and over after one is agreement ("我对，对对对").
    ("light", "我 对 ,对对对,"),
    # 这个 before a pause with a space in front of it: "这个 ，the" is "这个，the".
    ("aggressive", "了3 OK了 model isopen aideep seek open aiis 了 … was了这个我们 呃 you know 这个 ，the"),
    # A list item opens a clause: its hesitation goes, the marker's space stays.
    ("standard", "清单：\n- 呃第一项\n- 第二项"),
    # A tone particle before a line break the normalize stage makes a pause.
    ("aggressive", "我啊\n我"),
    # 是 before an English word is the verb with or without the space spacing writes.
    ("aggressive", "这个，是I"),
    ("aggressive", "这个,是I"),
    ("aggressive", "這個,是I"),
    ("light", "deep seekdeep seekdeep seekdeep seekopen ai[音乐]deep seek"),
    # A pile of marks opened by a point (".;" becomes ".") is read as it settles.
    ("light", "对对对1.;,I?？"),
    # Copies ending the text, before the space a removed hesitation leaves.
    ("standard", "isIit 这个我that 这个 …so 。 这个  这个 呃 "),
    # Fillers side by side opening a list item: the pause after them went with them
    # only on the second run ("1.  我").
    ("aggressive", "1. 啊那个然后 我"),
    # "like" after a mark that opens the line, which the punctuation stage removes.
    ("aggressive", "：like 我"),
    # ... and after a run of marks that settles to a stop ("1. ：" -> "1。").
    ("aggressive", "清单：\n10. ：like嘛like ；\n1. 啊。啦"),
    # "I mean" closing a sentence after a full-width comma and the space a removal left.
    ("aggressive", "清单：\n3、……\n* 我， 呃，I mean"),
    # A list marker after a mark the punctuation stage takes from the line's start.
    ("standard", "。- 啊嘛嗯好啊我我"),
    # A final particle's clause ends at a pause space, as at the comma it becomes.
    ("aggressive", "吗走吧 这个so啦"),
    ("aggressive", "\n这个\n\n吗 好那个哈啊对对对啊"),
    ("aggressive", "吗呢我我 哦对对对3啦哈然后然后哦"),
    # An interjection run into an answer before a run of marks that settles to "？".
    ("standard", "啊对嗯。？呀走吧哈嗯？\n这个"),
    # An English word said twice after Chinese before a paragraph that a removal empties.
    ("light", "很重要呀呢吗\n\n我我，you know。就是the the\n\num\n\n"),
    ("light", "是.《》走吧《》we need to就是哈這個the the\n\n."),
    # 嗯 before an answer word and marks that settle to "？" once a glossary filler is gone.
    ("light", "我- 嗯对。，you know。？B圈"),
    # A final particle's clause read as far back whatever spaces spacing adds.
    ("aggressive", "吗really《》我们open ai我们butlike就是umB圈我我啦对我啦《》"),
    ("aggressive", "- 呢- A：B圈啦was吗那个\u3000um我们you3it worksreallyopen ai很重要was走吧呃“”对啊"),
    # "I mean" closing a sentence before the space an empty pair left and a mark.
    ("aggressive", "it works？好，I mean\t“”？"),
    ("aggressive", "謝謝um啊,呃I mean ！我我就是嗯\u3000\t"),
    # Deletions that leave a list marker opening the line keep its space.
    ("light", "you know.- you know就是"),
    # Empty brackets that came with the input cut an English run in two for the restore
    # stage; fillers removed them after it, so a second run restored what the first did not.
    *_every(["light", "standard"], "I我deep seekdeep seek\n\nI.the the《》\n3", "so we ship it next week and then we test the（）\nbuild"),
    # English restoration counts a paragraph's marks, but not a point before a space and a
    # digit; a hesitation between them ("1. 呃10") that fillers takes out must not change that.
    *_every(FILLER_LEVELS, "4.2我I.deep seek \n1. 呃10、：３０", "4.2我I.deep seek\n1. 嗯嗯 呃 10:30"),
    # English restoration judges a paragraph as the fillers stage (which runs after it) may
    # leave it: "3呃,4" is "3,4", a number's comma; "um," is gone (every level).
    *_every(
        FILLER_LEVELS,
        "3呃,4.2我deep seekdeep seek\n10、：３０",
        "3啊,4.2deep seekdeep seek.the the.I",
        "3然后呢,4.2deep seekdeep seek the the 3",
        "然后呢 so we need to ship it next week and then test it",
        "um, so we need to ship it next week and then test it",
        "Uh, i think we should ship it next week and then test it again",
    ),
    # Punctuation joined "100 %" after terms: the address before it then reached further on
    # a second run, and a term after it was repaired only then.
    *_every(FILLER_LEVELS, ",http://a.com/x,100 %thinkopen ai", "see http://a.com/x,100 %think open ai"),
    # A filler of the user's glossary ("you know,"), one of aggressive ("I mean,", "like,")
    # or a noise tag a `replace` deletes ("[音乐],") took the paragraph's only mark after
    # restore had counted it: the full stop came on a second run. Restore looks again after them.
    *_every(
        FILLER_LEVELS,
        "you know, so we need to ship it next week and then test it",
        "I mean, so we need to ship it next week and then test it",
        "like, so we need to ship it next week and then test it",
        "[音乐], so we need to ship it next week and then test it",
    ),
    # 嗯 said over and over, as a recognizer writes over a silence: each 嗯 was an answer
    # because the next one was, so a round of the fillers stage peeled only the last off,
    # and ten or more were still there after its rounds. A chain answers as its last 嗯 does.
    # A long unmarked paragraph opened by a comma the punctuation stage drops: restore counted
    # that comma as a mark and left the paragraph alone, and the second run restored it.
    *_every(
        ALL_LEVELS,
        "，两两今天就是我们我吧啊然后那个好的他两对很好的不吧对是我们就是重要s重要不对我这个",
        ",对对对吗我好的不两我觉得一个讨论重要问一个这个我觉得就是然后两这个呢两问题吧这个",
    ),
    # An English phrase said again across a space and a comma ("so we , so we"): a restart
    # only once the punctuation stage had taken the space away, on the second run.
    *_every(ALL_LEVELS, "so we , so we went home", "literally you , literally you G"),
    # A restart that took a paragraph's only marks ("we need to, we need to" -> "we need to")
    # is a deletion too: restore looks again after it (the full stop came on a second run).
    *_every(ALL_LEVELS, "we need to, we need to hurry we need to, we need to hurry"),
    # A point after a space ("dinner . 2024") counted as a mark the recognizer wrote; glued to
    # the word by the punctuation stage ("dinner. 2024") it did not, and the second run restored.
    *_every(ALL_LEVELS, "so we went home and then we ate dinner . 2024 was good and we liked it"),
    # A phrase said again across a pause after an English word glued to it ("deep问题公司，
    # 问题公司"): a restart only once the spacing stage had set the word apart, on the second run
    # (found in a 100,000-cue subtitle file, at the cue breaks).
    *_every(ALL_LEVELS, "deep问题公司 问题公司seek", "AI数据今天，数据今天AI", "然后seek一下deep问题公司\n问题公司seek嗯那个这个"),
    # A discourse filler said over and over, glued ("就是说就是说…"): each copy went only once
    # the one before it had gone, one a round, and nine or more outlasted the rounds.
    *_every(["aggressive"], "就是说" * 9, "。" + "就是说" * 20 + "好", "好的，" + "然后呢" * 12 + "我们走吧"),
    # An English phrase said over and over (a recognizer looping on silence): the restore
    # stage puts commas between some copies, and the restart rule took a copy before a
    # comma only once the copy after it had gone, one a round (longest phrases first), so
    # a long run outlasted the rounds.
    *_every(ALL_LEVELS, "you know " * 300, "so " + "I mean " * 17, "so " + "we need to, " * 30 + "go home"),
    # A discourse word said again across " , " (a space before the mark): read as the
    # "，" the punctuation stage leaves, on the first run as on the second.
    *_every(ALL_LEVELS, "就是 , 就是 , 就是 , 发布", "然后 , 然后 , 我们", "那个 , 那个 , 你"),
    # Fillers side by side that each open a clause only once the one before has gone
    # ("啊……啊……好"): one went a round, and a run of nine or more outlasted the rounds.
    *_every(ALL_LEVELS, "我。" + "啊……" * 14 + "好", "哎……" * 12 + "so？"),
    # A half-width comma glued to Chinese ("题,GPT") counted as an English mark, so a long
    # English run after it was left alone; the punctuation stage makes it "，", and the
    # second run restored the run. Counted as the mark it becomes.
    # (Also where a hesitation the stage counts without stood between: "额," is "额，".)
    *_every(ALL_LEVELS, "题,GPT  OK the GPT  OK the GPT  OK the GPT  OK the GPT  OK the GPT  OK the GPT  OK the GPT  OK the GPT  OK the GPT  OK the GPT  OK", "I GPT the " * 11 + "I GPT 额,"),
    # An English phrase said again across ",," (the punctuation stage makes it ","); a copy
    # inside a clause after ", " opening the text (the stage takes that orphan mark away);
    # 嗯 after a question and the paragraph break the sentences stage makes there.
    *_every(ALL_LEVELS, "so I,, so I you什", ", 所以怎么 怎么么"),
    # A list item's number ("2、 ") counted as a mark until the punctuation stage took its space.
    *_every(ALL_LEVELS, "thinkdeep seek\n2、 10、：３０我deep seekdeep seek"),
    (
        "standard",
        "OK ship open为什么然后为什么么然后为什么 " + "为什么然后为什么 " * 11 + "为什么然后为什么go need\ngo need这个yeah you data"
        + "问题" * 14 + "因为可以" * 4 + "很为什么嗯看" * 10 + "很为什么型数据什么right  right  right  right",
    ),
    *_every(ALL_LEVELS, "嗯嗯，" * 30, "嗯，" * 30, "嗯、" * 12, "嗯, " * 12, "嗯嗯，嗯，" * 10, "我们嗯，" + "嗯，" * 12 + "去吧"),
    # Restore weighs a paragraph's marks; the sentences stage then cut the paragraph in
    # two, and the second run weighed a stretch it had left alone against the part it
    # sat in (4 marks for 187 Chinese characters where it had seen 12): Chinese marks
    # restored on the second run, and English ones in a run of "a the you GPT".
    # Restore now looks again at the paragraphs the sentences stage makes.
    *_every(ALL_LEVELS, '就是我那个觉得、like and……是不是的讨论为什么是不是的讨论为什么是不是的讨论为什么是不是的讨论为什么是不是的讨论为什么是不是的讨论为什么need is mean ai……data GPT you，I um……那个模型用就是说……那个模型用就是说……那个模型用就是说……那个模型用就是说……那个模型用就是说……那个模型用就是说……那个模型用就是说……那个模型用就是说……那个模型用就是说……那个模型用就是说……那个模型用就是说……那个模型用就是说……那个模型用就是说……那个模型用就是说……那个模型用就是说……就是就为什么嗯  ai it you and？ai it you and？ai it you and？ai it you and？ai it you and？ai it you and？ai it you and？ai it you and？ai it you and？ai it you and？', 'it is a？it is a？it is a？it is a？it is a？it is a？it is a？it is a？it is a？it is a？it is a？产品哎呢今天、产品哎呢今天、产品哎呢今天、产品哎呢今天、产品哎呢今天、产品哎呢今天、产品哎呢今天、产品哎呢今天、产品哎呢今天、产品哎呢今天、产品哎呢今天、产品哎呢今天、产品哎呢今天、产品哎呢今天、产品哎呢今天、think……you GPT ship and , you GPT ship and , you GPT ship and , you GPT ship and , you GPT ship and , you GPT ship and , you GPT ship and , you GPT ship and , you GPT ship and , you GPT ship and , 因为然后呢你这个？a the you GPT  a the you GPT  a the you GPT  a the you GPT  a the you GPT  a the you GPT  a the you GPT  a the you GPT  a the you GPT  公司嗯一下用，公司嗯一下用，公司嗯一下用，公司嗯一下用，公司嗯一下用，公司嗯一下用，公司嗯一下用，公司嗯一下用，公司嗯一下用，公司嗯一下用，公司嗯一下用，我我！uh mean we the。'),
]


@pytest.mark.parametrize("level,text", CLEANS_ONCE)
def test_found_by_fuzzing_cleans_once(level, text):
    cleaner = CLEANERS[level]
    once = cleaner.clean_text(text).text
    assert cleaner.clean_text(once).text == once


@pytest.mark.xfail(strict=True, reason=(
    "terms: a garble said over and over ('open a，' x15) is repaired from the end, one more per look, "
    "and the stage looks MAX_LATIN_PASSES times: four per run. Looking until nothing changes is "
    "quadratic in the run (a run is judged whole); the fix is a run judged once with its repairs."
))
def test_a_garble_said_over_and_over_is_repaired_in_one_run():
    # tools/fuzz_cleans_once.py --seed 10 (found by adv3, left for the terms stage)
    cleaner = CLEANERS["standard"]
    once = cleaner.clean_text('没有用户很吧  团队可以问题今天 , a the然后呢用户但是吗so seek ai to、so seek ai to、so seek ai to、so seek ai to、so seek ai to、so seek ai to、so seek ai to、so seek ai to、so seek ai to、so seek ai to、so seek ai to、so seek ai to、so seek ai to、so seek ai to、so seek ai to、就是说、need！um I was GPT yeah we I, open a，open a，open a，open a，open a，open a，open a，open a，open a，open a，open a，open a，open a，open a，open a，好讨论 好讨论 好讨论 好讨论 ').text
    assert cleaner.clean_text(once).text == once


# Inputs that changed when cleaned again with other options (and the default glossary
# only: the table above has "you know" as a filler of the user's). `--lines paragraphs` (and
# unmarked subtitles) run a copy of the pipeline with its own restore stage; the copy's
# look again after fillers used the first pipeline's restore, so a line that ended on an
# English filler ("这个问题um") got its full stop only on a second run.
CLEANS_ONCE_WITH = [
    # "you know" ending a sentence, glued to the Chinese before it ("吃饭you know"): judged
    # only once the spacing stage had put a space there, on the second run (aggressive);
    # and before spaces and then the mark (a line break the normalize stage makes a space).
    *[
        ({"fillers": "aggressive"}, text)
        for text in ("我们去吃饭you know", "说嗯问题you know。", "今天一个呃好的就是you know", "他很you know  。that", "不是you know\n.就是今天")
    ],
    ({"lines": "paragraphs"}, "好的\n这个问题um"),
    ({"lines": "paragraphs"}, "我们今天讨论一下\n这个问题um\n那么明天见吧 uh"),
    ({"lines": "paragraphs", "fillers": "aggressive"}, "後面这个今天吗今天颱風\n\n这个乾淨um"),
]


@pytest.mark.parametrize("options,text", CLEANS_ONCE_WITH)
def test_found_by_fuzzing_cleans_once_with_options(options, text):
    cleaner = Cleaner(**options)
    once = cleaner.clean_text(text).text
    assert cleaner.clean_text(once).text == once
