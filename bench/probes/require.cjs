// The same from CommonJS (Jest loads test files and globalSetup as CommonJS by default).
const { parseTarget } = require('kubenv');
parseTarget('deploy/api');
