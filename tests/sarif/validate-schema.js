// Validates SARIF files against the SARIF 2.1.0 JSON schema (draft-04) that
// @microsoft/jest-sarif ships, with ajv 6. Usage: node validate-schema.js FILE...
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv");
const schemaDir = path.join(path.dirname(require.resolve("@microsoft/jest-sarif/package.json")), "lib", "schemas");
const schemaFile = fs.readdirSync(schemaDir).find((f) => f.startsWith("sarif-2.1.0") && f.endsWith(".json"));
const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, schemaFile), "utf8"));
const ajv = new Ajv({ schemaId: "auto", allErrors: true, jsonPointers: true });
ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json"));
const validate = ajv.compile(schema);
let status = 0;
for (const file of process.argv.slice(2)) {
  const log = JSON.parse(fs.readFileSync(file, "utf8"));
  if (validate(log)) {
    console.log(`${file}: valid against ${schemaFile}`);
  } else {
    status = 1;
    for (const e of validate.errors) console.log(`${file}: ${e.dataPath || "/"} ${e.message}`);
  }
}
process.exit(status);
