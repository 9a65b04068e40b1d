"""Imported first by the forkserver of an `--align` run's pool (tasks/run/local_pool.py): loads the align step's lexicon.

CC-CEDICT's keys (tasks/steps/lexicon.py: 0.1 s of CPU from the parsed copy it caches, 1 s to parse; 19 MB) are
read once here, before tasks/run/warm_forkserver.py warms the pipeline up and freezes what exists out of the
garbage collector's reach: every forked worker shares them instead of reading them on its first English-Chinese
document. A run without `--align` never reads them, and its pool does not import this module.
"""

from tasks.steps.lexicon import LEXICON

LEXICON.load()
