"""From a failing CI log to the entries it shows: normalize, scan, rank, report.

The same rules run in the browser (docs/assets/kb-match.js) from the file `export.py`
writes at build time.
"""
