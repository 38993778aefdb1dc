xenv test fixture: stands in for atlbase.h; not a Microsoft file
