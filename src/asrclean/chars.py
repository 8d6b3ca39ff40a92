"""Character classes shared by the stages, as regex fragments."""

# Han (BMP and supplementary planes), compatibility ideographs, kana and bopomofo:
# the scripts that are written without spaces between words.
CJK = (
    "\u2e80-\u2eff\u2f00-\u2fdf\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u3100-\u312f"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
# Chinese (full-width) punctuation that ends or divides a clause.
CN_STOP = "。！？"
CN_PAUSE = "，、；："
CN_MARKS = CN_STOP + CN_PAUSE
# Closing quotes and brackets that belong to the sentence before them.
CLOSERS = "”’」』》〉）】〕〗〙〛\"')\\]}"
# Opening quotes and brackets.
OPENERS = "“‘「『《〈（【〔〖〘〚([{"
# Half-width marks and their full-width forms.
HALF_TO_FULL = {",": "，", ".": "。", "?": "？", "!": "！", ";": "；", ":": "："}
FULL_TO_HALF = {v: k for k, v in HALF_TO_FULL.items()}
