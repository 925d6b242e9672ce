// `import('kubenv')` plus parseTarget, nothing else: what a config file that only names a target pays.
const { parseTarget } = await import('kubenv');
parseTarget('deploy/api');
