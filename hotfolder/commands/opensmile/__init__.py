"""opensmile: a table of openSMILE acoustic features per recording."""
