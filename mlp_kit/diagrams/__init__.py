"""Pictures that teach: schematic diagrams drawn by code, so they always agree with the lesson.

One module per subject, each drawing the numbers it is given (the weights a
lesson just trained, the shapes it just printed):

- ``neuron``: a threshold logic unit (lesson 01)
- ``backprop``: the computation graph of backpropagation (03)
- ``conv1d``: weight sharing in Conv1D, against a locally connected layer (05)
- ``padding``: padding and stride along one axis (06)
- ``sequence``: the (batch, timesteps, features) tensor; return_sequences (07)
- ``kfold``: K-fold splits as scikit-learn makes them (08)
- ``hinges``: the ReLU hinges of a fitted one-input network (10)
- ``transfer``: frozen and trainable layers (11)

The drawing primitives they share (a blank canvas, boxes, circles, arrows)
live in ``canvas``. Every function returns the matplotlib ``ax`` it drew on.
Matplotlib is imported by these modules, never by ``import mlp_kit``.
"""
