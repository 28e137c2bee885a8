// Validates Kubernetes manifests against schemas published by the projects: Kubernetes and Knative kinds through the
// validators of kubernetes-models and @kubernetes-models/knative, custom resources through the openAPIV3Schema of
// CRD files (--crds DIR, Strimzi's here). Types, enums and required fields come from the schemas. Unknown fields fail
// too, which the API server would silently prune: for CRD schemas every object with declared properties is closed;
// for the compiled kubernetes-models validators, a field the validator never looked at is one its schema lacks.
//
// node validate.mjs [--crds DIR] [--unchecked apiVersion/Kind]... FILE...
// Prints one line per problem ("FILE#N Kind/name: at /path: message") and exits 1 if there is any.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";
import { ObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";

const args = process.argv.slice(2);
const files = [];
const crdDirs = [];
const unchecked = new Set();
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--crds") crdDirs.push(args[++i]);
  else if (args[i] === "--unchecked") unchecked.add(args[++i]);
  else files.push(args[i]);
}

const ajv = new Ajv({ allErrors: true, strict: false });
const crdValidators = new Map();
for (const dir of crdDirs) {
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, name), "utf8"))) {
      const crd = doc.toJS();
      if (crd?.kind !== "CustomResourceDefinition") continue;
      for (const version of crd.spec.versions) {
        const schema = closed(version.schema.openAPIV3Schema);
        // metadata is an ObjectMeta, validated as one below; the CRD only says "object".
        delete schema.properties.metadata;
        crdValidators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
      }
    }
  }
}

// An object schema that declares properties admits no others, unless it says otherwise.
function closed(schema) {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== "object") return schema;
  const copy = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = closed(value);
  if (copy.type === "object" && copy.properties && copy.additionalProperties === undefined
      && !copy["x-kubernetes-preserve-unknown-fields"]) {
    copy.additionalProperties = false;
  }
  return copy;
}

// Runs a compiled validator on a proxy that records which fields it read; a field never read is unknown to it.
function tracked(data) {
  const read = new WeakMap();
  const enumerated = new WeakSet();
  const proxies = new WeakMap();
  const wrap = (value) => {
    if (value === null || typeof value !== "object") return value;
    if (proxies.has(value)) return proxies.get(value);
    read.set(value, new Set());
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        if (typeof key === "string") read.get(target).add(key);
        return wrap(Reflect.get(target, key, receiver));
      },
      has(target, key) {
        if (typeof key === "string") read.get(target).add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        enumerated.add(target);
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  const unknown = (value, path, out) => {
    if (value === null || typeof value !== "object") return out;
    if (Array.isArray(value)) {
      value.forEach((item, i) => unknown(item, `${path}/${i}`, out));
      return out;
    }
    const seen = read.get(value);
    for (const [key, child] of Object.entries(value)) {
      if (!enumerated.has(value) && !(seen && seen.has(key))) out.push(`at ${path}/${key}: unknown field "${key}"`);
      else unknown(child, `${path}/${key}`, out);
    }
    return out;
  };
  return { proxy: wrap(data), unknown: (path) => unknown(data, path, []) };
}

function viaModel(Model, data, path) {
  const { proxy, unknown } = tracked(data);
  try {
    Model.prototype.validate.call(proxy);
  } catch (e) {
    return e.message.split(/, (?=data)/).map((m) => m.replace(/^data/, `at ${path}`).replace(/^at (\S*) /, "at $1: "));
  }
  return unknown(path);
}

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const module = group.endsWith("knative.dev")
    ? `@kubernetes-models/knative/${group}/${version}/${kind}`
    : `kubernetes-models/${group ? `${group}/` : ""}${version}/${kind}`;
  try {
    return (await import(module))[kind];
  } catch {
    return undefined;
  }
}

const problems = [];
for (const file of files) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const [index, doc] of docs.entries()) {
    if (doc.errors.length) {
      problems.push(`${file}#${index} not YAML: ${doc.errors[0].message}`);
      continue;
    }
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    const id = `${file}#${index} ${object.kind}/${object.metadata?.name}`;
    const crd = crdValidators.get(`${object.apiVersion}/${object.kind}`);
    let found;
    if (crd) {
      const { metadata, ...rest } = object;
      found = crd(rest) ? [] : crd.errors.map((e) => `at ${e.instancePath || "/"}: ${e.message}`
          + (e.params?.additionalProperty ? ` ("${e.params.additionalProperty}")` : "")
          + (e.params?.allowedValues ? ` (${e.params.allowedValues.join(", ")})` : ""));
      found.push(...viaModel(ObjectMeta, metadata ?? {}, "/metadata"));
    } else if (unchecked.has(`${object.apiVersion}/${object.kind}`)) {
      continue;
    } else {
      const Model = await modelFor(object.apiVersion, object.kind);
      found = Model ? viaModel(Model, object, "") : [`no schema for apiVersion ${object.apiVersion} kind ${object.kind}`];
    }
    found.forEach((p) => problems.push(`${id}: ${p}`));
  }
}
problems.forEach((p) => console.log(p));
process.exit(problems.length ? 1 : 0);
