xenv test fixture: stands in for stdio.h; not a Microsoft file
