xenv test fixture: stands in for roapi.h; not a Microsoft file
