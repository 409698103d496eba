"""d2l's concise RNN language model (d2l-zh, "循环神经网络的简洁实现", the MXNet edition) trains
in ndsh: an rnn.RNN / rnn.LSTM layer and a Dense over one-hot characters, begin_state, the
states detached between batches of consecutive sampling, the gradients clipped with
gluon.utils.clip_global_norm, a Trainer with sgd. On a small synthetic corpus the perplexity
falls well below what guessing gives, and the layers run the fused nd.RNN once per forward.
"""
from __future__ import annotations

import math

import pytest

from ndsh.mxnet_compat import mxnet as mx

nd, autograd, gluon = mx.nd, mx.autograd, mx.gluon
rnn, nn, gloss = gluon.rnn, gluon.nn, gluon.loss

CORPUS = "the quick brown fox jumps over the lazy dog and the time traveller smiled " * 12


class RNNModel(nn.Block):
    """d2l's model: the recurrent layer, then a Dense over each step's output."""

    def __init__(self, rnn_layer, vocab_size, **kwargs):
        super().__init__(**kwargs)
        self.rnn = rnn_layer
        self.vocab_size = vocab_size
        self.dense = nn.Dense(vocab_size)

    def forward(self, inputs, state):
        X = nd.one_hot(inputs.T, self.vocab_size)
        Y, state = self.rnn(X, state)
        output = self.dense(Y.reshape((-1, Y.shape[-1])))
        return output, state

    def begin_state(self, *args, **kwargs):
        return self.rnn.begin_state(*args, **kwargs)


def data_iter_consecutive(corpus_indices, batch_size, num_steps, ctx=None):
    corpus_indices = nd.array(corpus_indices, ctx=ctx)
    data_len = len(corpus_indices)
    batch_len = data_len // batch_size
    indices = corpus_indices[0: batch_size * batch_len].reshape((batch_size, batch_len))
    epoch_size = (batch_len - 1) // num_steps
    for i in range(epoch_size):
        i = i * num_steps
        X = indices[:, i: i + num_steps]
        Y = indices[:, i + 1: i + num_steps + 1]
        yield X, Y


def train(model, vocab_size, corpus_indices, num_epochs, num_steps, lr, clipping_theta,
          batch_size, ctx=mx.cpu()):
    """d2l's train_and_predict_rnn_gluon without the printing: the perplexity of each epoch."""
    loss = gloss.SoftmaxCrossEntropyLoss()
    model.initialize(ctx=ctx, force_reinit=True, init=mx.init.Normal(0.01))
    trainer = gluon.Trainer(model.collect_params(), 'sgd',
                            {'learning_rate': lr, 'momentum': 0, 'wd': 0})
    perplexities = []
    for _ in range(num_epochs):
        l_sum, n = 0.0, 0
        data_iter = data_iter_consecutive(corpus_indices, batch_size, num_steps, ctx)
        state = model.begin_state(batch_size=batch_size, ctx=ctx)
        for X, Y in data_iter:
            state = [s.detach() for s in state]
            with autograd.record():
                (output, state) = model(X, state)
                y = Y.T.reshape((-1,))
                l = loss(output, y).mean()
            l.backward()
            grads = [p.grad(ctx) for p in model.collect_params().values()]
            gluon.utils.clip_global_norm(grads, clipping_theta)
            trainer.step(1)
            l_sum += l.asscalar() * y.size
            n += y.size
        perplexities.append(math.exp(l_sum / n))
    return perplexities


def predict(prefix, num_chars, model, vocab_size, idx_to_char, char_to_idx, ctx=mx.cpu()):
    """d2l's predict_rnn_gluon: the prefix, then the model's most likely characters."""
    state = model.begin_state(batch_size=1, ctx=ctx)
    output = [char_to_idx[prefix[0]]]
    for t in range(num_chars + len(prefix) - 1):
        X = nd.array([output[-1]], ctx=ctx).reshape((1, 1))
        (Y, state) = model(X, state)
        if t < len(prefix) - 1:
            output.append(char_to_idx[prefix[t + 1]])
        else:
            output.append(int(Y.argmax(axis=1).asscalar()))
    return ''.join([idx_to_char[i] for i in output])


@pytest.mark.parametrize("make_layer", [lambda hidden: rnn.RNN(hidden),
                                        lambda hidden: rnn.LSTM(hidden)], ids=["RNN", "LSTM"])
def test_d2l_concise_rnn_language_model_learns(make_layer, monkeypatch):
    idx_to_char = sorted(set(CORPUS))
    char_to_idx = {char: i for i, char in enumerate(idx_to_char)}
    vocab_size = len(idx_to_char)
    corpus_indices = [char_to_idx[char] for char in CORPUS]
    mx.random.seed(0)
    model = RNNModel(make_layer(32), vocab_size)

    calls = []
    fused = nd.RNN
    monkeypatch.setattr(nd, "RNN", lambda *a, **k: calls.append(a[0].shape) or fused(*a, **k))
    epochs = 15        # d2l's lr and clipping_theta; its 250 epochs of a bigger corpus cut short
    perplexities = train(model, vocab_size, corpus_indices, num_epochs=epochs, num_steps=10,
                         lr=1e2, clipping_theta=1e-2, batch_size=8)
    batches = epochs * ((len(CORPUS) // 8 - 1) // 10)
    assert calls == [(10, 8, vocab_size)] * batches    # one fused call per batch, time first

    assert perplexities[0] > 0.5 * vocab_size            # about uniform guessing to start
    assert perplexities[-1] < 5 and perplexities[-1] < 0.25 * perplexities[0]   # it learns
    assert all(math.isfinite(p) for p in perplexities)
    text = predict("the ", 10, model, vocab_size, idx_to_char, char_to_idx)
    assert text.startswith("the ") and len(text) == 14
