// Where the WebJars are served; the versions are filled in from pom.xml when the build copies this file.
export const MONACO_BASE = '/webjars/monaco-editor/@monaco.version@/min/vs';
export const SORTABLE_MODULE = '/webjars/sortablejs/@sortablejs.version@/modular/sortable.esm.js';
