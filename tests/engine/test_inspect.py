"""The parameter inspector works on engine models too (same W_in / W_out layout)."""
from zero2vec import Word2Vec
from zero2vec.inspect import describe_params


def test_describe_engine_model(capsys):
    m = Word2Vec(sentences=[["a", "b", "c", "a"]] * 50, min_count=1, vector_size=4, epochs=1,
                 workers=1, progress=False)
    w_in, w_out = describe_params(m)
    assert w_in.is_word_vecs and w_in.shape == m.W_in.shape and w_in.count == 1
    assert not w_out.is_word_vecs and w_out.shape == m.W_out.shape
    assert "Parameters of Word2Vec" in capsys.readouterr().out
