xenv test fixture: stands in for winsdkver.h; not a Microsoft file
