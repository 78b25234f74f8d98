"""Reading text, building vocabularies and turning words into ids."""
from zero2vec.corpus.cache import tokenize_corpus
from zero2vec.corpus.encoded import EncodedCorpus
from zero2vec.corpus.reader import iter_lines, open_binary
from zero2vec.corpus.sentences import BrownCorpus, LineSentence, PathLineSentences, Text8Corpus
from zero2vec.corpus.text import convert_one_hot, create_contexts_target, preprocess
from zero2vec.corpus.tokenizers import Tokenizer, get_tokenizer
from zero2vec.corpus.vocab import Vocabulary

__all__ = [
    "BrownCorpus", "EncodedCorpus", "LineSentence", "PathLineSentences", "Text8Corpus",
    "Tokenizer", "Vocabulary", "convert_one_hot", "create_contexts_target", "get_tokenizer", "iter_lines", "open_binary", "preprocess",
    "tokenize_corpus",
]
