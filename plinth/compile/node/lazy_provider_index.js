"use strict";
// plinth: load a prebuilt CDKTF provider's submodules on first use, not all at once.
//
// A provider package's lib/index.js is 2,000-odd lines `exports.x = require("./x");` that load
// every resource class (267 MB of JavaScript for AWS) before the first one is used: about 2 s and
// 400 MB of Node per provider. jsii reaches classes through that index by name
// (closure.s3Bucket.S3Bucket), so an index whose entries load on first access serves it the same
// objects. Preloaded by plinth/compile/runtime.py through NODE_OPTIONS; an index of any other
// shape is loaded as usual. tests/test_lazy_providers.py proves the output is byte-for-byte the
// same as the plain load.
const Module = require("module");
const fs = require("fs");
const path = require("path");

const INDEX = /[\\/]@cdktf[\\/]provider-[a-z0-9-]+[\\/]lib[\\/]index\.js$/;
const ENTRY = /^exports\.([A-Za-z_$][A-Za-z0-9_$]*) = require\("(\.\/[A-Za-z0-9_.-]+)"\);$/;
const KNOWN = [
  /^"use strict";$/, /^\/\*\*$/, /^ \*( .*)?$/, /^ \*\/$/, /^\/\/.*$/, /^$/,
  /^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);$/,
  /^exports\.[A-Za-z0-9_$]+( = exports\.[A-Za-z0-9_$]+)* = void 0;$/,
];

function lazyExports(filename) {
  const entries = [];
  for (const line of fs.readFileSync(filename, "utf8").split("\n")) {
    const m = ENTRY.exec(line);
    if (m) entries.push([m[1], m[2]]);
    else if (!KNOWN.some((re) => re.test(line))) return null;
  }
  if (entries.length === 0) return null;
  const dir = path.dirname(filename);
  const exp = {};
  Object.defineProperty(exp, "__esModule", { value: true });
  for (const [name, rel] of entries) {
    Object.defineProperty(exp, name, {
      enumerable: true,
      configurable: true,
      get() {
        const value = require(path.join(dir, rel));
        Object.defineProperty(exp, name, { value, enumerable: true, writable: false, configurable: false });
        return value;
      },
    });
  }
  return exp;
}

const plainLoad = Module._load;
Module._load = function (request, parent, isMain) {
  let filename;
  try {
    filename = Module._resolveFilename(request, parent, isMain);
  } catch (err) {
    return plainLoad.apply(this, arguments);
  }
  if (!INDEX.test(filename)) return plainLoad.apply(this, arguments);
  const cached = Module._cache[filename];
  if (cached) return cached.exports;
  const exp = lazyExports(filename);
  if (exp === null) return plainLoad.apply(this, arguments);
  const mod = new Module(filename, parent);
  mod.filename = filename;
  mod.exports = exp;
  mod.loaded = true;
  Module._cache[filename] = mod;
  return exp;
};
