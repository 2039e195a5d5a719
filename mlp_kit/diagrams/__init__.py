"""Pictures that teach: schematic diagrams drawn by code, so they always agree with the lesson.

Each module draws one subject (``neuron``: the TLU; ``backprop``: a computation
graph; ...). The drawing primitives they share (boxes, arrows, a blank canvas)
live in ``canvas``. Every function returns the matplotlib ``ax`` it drew on, and
takes the numbers it shows as arguments, so a lesson draws the picture of *its*
example (the weights it just trained, the shapes it just printed).
"""
