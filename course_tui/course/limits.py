"""Size limits of course files and of the texts in them (issue 11: no accepted course can
freeze the app). Measured figures are beside each limit; ``validate`` reports an error for
anything over one. Nothing is imported here: the cache and the seed use these on the fast
start path.
"""

from __future__ import annotations

# The largest course file read at all: this bounds the reading and parsing of one file (a
# quiz of 60,000 questions is about 5 MB). What the app shows at once is limited further,
# below.
MAX_FILE_BYTES = 16 * 1024 * 1024
