// CredoTensor re-exports the dependency-free primitives below it, so `import CredoTensor` (and so
// every layer above) sees `RandomGenerator` as before it moved to CredoPrimitives.
@_exported import CredoPrimitives
