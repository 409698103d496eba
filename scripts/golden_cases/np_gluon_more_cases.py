"""More cases of Gluon in np mode (see np_gluon_cases.py, which adds these to its CASES):
export and SymbolBlock, hybridized blocks' input checks, the types and reprs d2l-en prints, and
d2l-en's idioms of chapters 5, 6 and 12 (parameters, initialization, files, several devices).
"""
from __future__ import annotations

# d2l-en's hybridize section: an MLP, hybridized, exported as my_mlp
MLP = ("import os, tempfile, json, hashlib\n"
       "net = nn.HybridSequential()\n"
       "net.add(nn.Dense(4, activation='relu'), nn.BatchNorm(), nn.Dense(2))\n"
       "net.initialize(init.Constant(0.25))\n"
       "net.hybridize()\n"
       "X = np.arange(6).reshape(2, 3)\n"
       "out = net(X)\n"
       "stem = os.path.join(tempfile.mkdtemp(), 'my_mlp')\n"
       "net.export(stem, epoch=3)\n")
IMPORTED = (MLP + "block = gluon.SymbolBlock.imports(stem + '-symbol.json', ['data'],\n"
                  "                                  stem + '-0003.params')\n")
SHAPES = "[p.shape for p in block.collect_params().values()]"
PARAMS = ("net = nn.Sequential()\n"
          "net.add(nn.Dense(8, activation='relu'), nn.Dense(1))\n"
          "net.initialize(init.Constant(0.5))\n"
          "X = np.ones((2, 4))\n"
          "net(X)\n")
HYBRID = ("class Twice(nn.HybridBlock):\n"
          "    def __init__(self, **kwargs):\n"
          "        super().__init__(**kwargs)\n"
          "        self.dense = nn.Dense(2)\n"
          "    def hybrid_forward(self, F, x, *rest):\n"
          "        return self.dense(x) * 2\n"
          "net = Twice()\nnet.initialize(init.One())\nnet.hybridize()\n"
          "net(np.ones((2, 3)))\n")
CUSTOM_SEQ = ("class MLP(nn.Block):\n"
              "    def __init__(self, **kwargs):\n"
              "        super().__init__(**kwargs)\n"
              "        self.hidden = nn.Dense(4, activation='relu')\n"
              "        self.out = nn.Dense(2)\n"
              "    def forward(self, X):\n"
              "        return self.out(self.hidden(X))\n"
              "net = nn.Sequential()\nnet.add(MLP(), MLP())\nnet.initialize(init.One())\n")

CASES = [
    # ----- export and SymbolBlock --------------------------------------------------------
    ("export_files", MLP + "sorted(os.listdir(os.path.dirname(stem)))"),
    ("export_output", MLP + "out"),
    # the parameters file is npx.save's (np-shape records): byte for byte MXNet's
    ("export_params_bytes", MLP + "hashlib.md5(open(stem + '-0003.params', 'rb').read())"
                                  ".hexdigest()"),
    ("export_params_npx_load", MLP + "sorted((k, type(v).__module__, v.shape) for k, v in "
                                     "npx.load(stem + '-0003.params').items())"),
    ("export_graph_attrs", MLP + "json.load(open(stem + '-symbol.json'))['attrs']"),
    ("export_graph_nodes", MLP + "[(n['op'], n['name']) for n in "
                                 "json.load(open(stem + '-symbol.json'))['nodes']]"),
    ("imports_forward", IMPORTED + "block(X)"),
    ("imports_forward_type", IMPORTED + "type(block(X)).__module__"),
    ("imports_params_repr", IMPORTED + "print(block.collect_params())"),
    ("imports_param_shapes_before", IMPORTED + SHAPES),
    ("imports_param_data_type", IMPORTED + "[type(p.data()).__module__ "
                                           "for p in block.collect_params().values()][:2]"),
    ("imports_param_grad_type", IMPORTED + "[type(p.grad()).__module__ "
                                           "for p in list(block.collect_params().values())[:2]]"),
    ("imports_input_grad", IMPORTED + "x = np.arange(6).reshape(2, 3)\nx.attach_grad()\n"
                                      "with autograd.record():\n"
                                      "    y = block(x).sum()\n"
                                      "y.backward()\nx.grad"),
    ("imports_trains", IMPORTED + "trainer = gluon.Trainer(block.collect_params(), 'sgd',\n"
                                  "                        {'learning_rate': 0.1})\n"
                                  "with autograd.record():\n"
                                  "    y = block(X).sum()\n"
                                  "y.backward()\ntrainer.step(1)\nblock(X)"),
    ("imports_without_params", MLP + "block = gluon.SymbolBlock.imports(stem + "
                                     "'-symbol.json', ['data'])\n"
                                     "block.initialize(init.One())\nblock(X)"),
    ("imports_without_params_shapes", MLP + "block = gluon.SymbolBlock.imports(stem + "
                                            "'-symbol.json', ['data'])\n"
                                            "block.initialize(init.One())\nblock(X)\n" + SHAPES),
    ("symbolblock_np_symbols", "net = nn.HybridSequential()\n"
                               "net.add(nn.Dense(3, activation='relu'), nn.Dense(2))\n"
                               "net.initialize(init.One())\n"
                               "x = mx.sym.var('data', shape=(1, 4)).as_np_ndarray()\n"
                               "block = gluon.SymbolBlock(net(x), x, "
                               "params=net.collect_params())\n"
                               "block(np.ones((1, 4)))"),
    ("symbolblock_cut_inner_layer", "net = nn.HybridSequential()\n"
                                    "net.add(nn.Dense(3, activation='relu'), nn.Dense(2))\n"
                                    "net.initialize(init.One())\n"
                                    "x = mx.sym.var('data', shape=(1, 4)).as_np_ndarray()\n"
                                    "inner = net[0](x)\n"
                                    "block = gluon.SymbolBlock(inner, x, "
                                    "params=net.collect_params())\n"
                                    "block(np.ones((1, 4)))"),
    # ----- hybridized blocks: MXNet's checks of the cached graph's inputs ------------------
    ("hybridized_same_structure", HYBRID + "net(np.ones((5, 3)))"),
    ("hybridized_more_inputs", HYBRID + "net(np.ones((2, 3)), np.ones((2, 3)))"),
    ("hybridized_list_input", HYBRID + "net([np.ones((2, 3))])"),
    ("hybridized_trailing_none", HYBRID + "net(np.ones((2, 3)), None)"),
    ("hybridized_again_clears", HYBRID + "net.hybridize()\n"
                                         "net(np.ones((2, 3)), np.ones((2, 3)))"),
    ("hybridized_two_contexts", "class Add(nn.HybridBlock):\n"
                                "    def hybrid_forward(self, F, x, y):\n"
                                "        return x + y\n"
                                "net = Add()\nnet.hybridize()\n"
                                "net(np.ones(2, ctx=mx.cpu(0)), np.ones(2, ctx=mx.cpu(1)))"),
    # inside a hybridized parent a child is part of the parent's graph: no check of its own
    ("hybridized_child_inputs_vary", "class Maybe(nn.HybridBlock):\n"
                                     "    def hybrid_forward(self, F, x, y=None):\n"
                                     "        return x if y is None else x + y\n"
                                     "class Parent(nn.HybridBlock):\n"
                                     "    def __init__(self, **kwargs):\n"
                                     "        super().__init__(**kwargs)\n"
                                     "        self.inner = Maybe()\n"
                                     "    def hybrid_forward(self, F, x):\n"
                                     "        return self.inner(x) + self.inner(x, x)\n"
                                     "net = Parent()\nnet.hybridize()\n"
                                     "net(np.ones(2))\nnet(np.ones(3))"),
    # the same checks in nd mode, step by step: hybridize() starts over, clear=False keeps the
    # first structure, a child added (register_child) clears it
    ("hybridized_checks_nd_mode", "npx.reset_np()\n"
                                  "class Add(nn.HybridBlock):\n"
                                  "    def hybrid_forward(self, F, x, y=None):\n"
                                  "        return x if y is None else x + y\n"
                                  "def outcome(call):\n"
                                  "    try:\n"
                                  "        return call().shape\n"
                                  "    except Exception as error:\n"
                                  "        return type(error).__name__\n"
                                  "one, two = (mx.nd.ones(2),), (mx.nd.ones(2), mx.nd.ones(2))\n"
                                  "net = Add()\nnet.hybridize()\nseen = [outcome(lambda: "
                                  "net(*one)), outcome(lambda: net(*two))]\n"
                                  "net.hybridize(clear=False)\n"
                                  "seen.append(outcome(lambda: net(*two)))\n"
                                  "net.hybridize()\n"
                                  "seen += [outcome(lambda: net(*two)), outcome(lambda: "
                                  "net(*one)),\n"
                                  "         outcome(lambda: net(mx.nd.ones(2), None))]\n"
                                  "seq = nn.HybridSequential()\nseq.add(Add())\n"
                                  "seq.hybridize()\nseen.append(outcome(lambda: seq(*one)))\n"
                                  "seq.add(Add())\nseen.append(outcome(lambda: seq(*two)))\n"
                                  "net.hybridize(active=False)\n"
                                  "seen.append(outcome(lambda: net(*one)))\nseen"),
    ("hybridized_prints_once_per_shape", "class Show(nn.HybridBlock):\n"
                                         "    def hybrid_forward(self, F, x):\n"
                                         "        print('called')\n"
                                         "        return x * 2\n"
                                         "net = Show()\nnet(np.ones(2))\nnet(np.ones(2))\n"
                                         "net.hybridize()\nnet(np.ones(2))\nnet(np.ones(2))"),
    # ----- types and reprs d2l-en prints ---------------------------------------------------
    ("type_parameter", PARAMS + "str(type(net[1].bias))"),
    ("type_parameter_dict", PARAMS + "str(type(net.collect_params()))"),
    ("type_constant", "str(type(gluon.Constant('c', np.ones(2))))"),
    ("repr_parameter_np", PARAMS + "(repr(net[1].bias), net[1].bias.data())"),
    ("repr_parameter_dict_np", PARAMS + "print(net[0].params)"),
    ("repr_sequential_np", PARAMS + "print(net)"),
    ("repr_losses", "[repr(gluon.loss.SoftmaxCrossEntropyLoss()), repr(gluon.loss.L2Loss()),\n"
                    " repr(gluon.loss.L1Loss())]"),
    # ----- d2l-en's idioms (chapters 5, 6, 12) ---------------------------------------------
    ("collect_params_regex", PARAMS + "print(net.collect_params('.*weight'))"),
    ("force_reinit", PARAMS + "net.initialize(init.Constant(2), force_reinit=True)\n"
                              "(net[0].weight.data()[0], net(X))"),
    ("setattr_grad_req_null", PARAMS + "net.collect_params('.*bias').setattr('grad_req', "
                                       "'null')\n"
                                       "with autograd.record():\n"
                                       "    y = net(X).sum()\n"
                                       "y.backward()\n"
                                       "[p.grad_req for p in net.collect_params().values()]"),
    ("setattr_grad_req_null_grad", PARAMS + "net.collect_params('.*bias').setattr('grad_req',"
                                            " 'null')\nnet[0].bias.grad()"),
    ("setattr_lr_mult", PARAMS + "net.collect_params().setattr('lr_mult', 0.5)\n"
                                 "net[0].weight.lr_mult"),
    ("sequential_of_custom_blocks", CUSTOM_SEQ + "net(np.ones((1, 3)))"),
    ("sequential_of_custom_blocks_repr", CUSTOM_SEQ + "net(np.ones((1, 3)))\nprint(net)"),
    ("split_and_load_two_devices", "parts = gluon.utils.split_and_load(np.arange(8)"
                                   ".reshape(4, 2), [mx.cpu(0), mx.cpu(1)])\n"
                                   "[(type(p).__module__, p.ctx, p) for p in parts]"),
    ("npx_save_load_param_dict", PARAMS + "import os, tempfile\n"
                                          "path = os.path.join(tempfile.mkdtemp(), 'p')\n"
                                          "npx.save(path, {k: v.data() for k, v in "
                                          "net.collect_params().items()})\n"
                                          "back = npx.load(path)\n"
                                          "sorted((k, type(v).__module__, v.shape) "
                                          "for k, v in back.items())"),
    ("load_parameters_nd_file_into_np", "import os, tempfile\n"
                                        "path = os.path.join(tempfile.mkdtemp(), 'net.params')\n"
                                        "npx.reset_np()\n"
                                        "old = nn.Dense(2, in_units=3)\n"
                                        "old.initialize(init.Constant(0.5))\n"
                                        "old.save_parameters(path)\n"
                                        "npx.set_np()\n"
                                        "new = nn.Dense(2, in_units=3)\n"
                                        "new.load_parameters(path)\n"
                                        "new(np.ones((1, 3)))"),
    ("load_parameters_np_file_into_nd", "import os, tempfile\n"
                                        "path = os.path.join(tempfile.mkdtemp(), 'net.params')\n"
                                        "new = nn.Dense(2, in_units=3)\n"
                                        "new.initialize(init.Constant(0.5))\n"
                                        "new.save_parameters(path)\n"
                                        "npx.reset_np()\n"
                                        "old = nn.Dense(2, in_units=3)\n"
                                        "old.load_parameters(path)\n"
                                        "old(mx.nd.ones((1, 3)))"),
    # ----- np and nd arrays meeting in Gluon -----------------------------------------------
    ("mixed_loss_np_nd", "gluon.loss.L2Loss()(np.ones((2, 2)), mx.nd.zeros((2, 2)))"),
    ("mixed_nd_into_np_dense", "net = nn.Dense(2)\nnet.initialize(init.One())\n"
                               "net(mx.nd.ones((1, 3)))"),
    ("mixed_user_block_np_op_nd_param", "class Mine(nn.Block):\n"
                                        "    def forward(self, x):\n"
                                        "        return x + mx.nd.ones(2)\n"
                                        "Mine()(np.ones(2))"),
]
