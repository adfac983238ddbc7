// Placeholder entry point; the kms-local CLI replaces it.
process.stderr.write('kms-local: not built yet\n');
process.exitCode = 1;
