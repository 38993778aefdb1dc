xenv test fixture: stands in for a VS unit test header; not a Microsoft file
