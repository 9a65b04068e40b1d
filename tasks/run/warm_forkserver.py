"""Imported by the local pool's forkserver before it forks any worker (tasks/run/local_pool.py): warms it up.

The pure pipeline, cleaned once on the warm-up texts: each forked worker then
starts with the modules imported and every step's first-use work done (codecs
looked up, the letters-and-digits table built), shared through fork instead of
paid again in each worker on its first documents. What exists then is frozen
out of the garbage collector's reach, as Python's gc documentation advises
before a fork: a collection in a worker would otherwise write to every
inherited object and so copy the pages they sit on.
"""

import gc

from tasks.pipeline import warm_up

warm_up()
gc.freeze()
