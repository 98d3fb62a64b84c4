// Whether an executable is statically linked: images FROM scratch have no dynamic loader, so their busybox must be.

const PT_INTERP = 3;

/** True for an ELF executable without a PT_INTERP program header (no dynamic loader); false for anything else. */
export function isStaticElf(bytes: Buffer): boolean {
  if (bytes.length < 52 || bytes.readUInt32BE(0) !== 0x7f454c46) return false;
  const is64 = bytes[4] === 2;
  const le = bytes[5] === 1;
  const u16 = (o: number) => (le ? bytes.readUInt16LE(o) : bytes.readUInt16BE(o));
  const u32 = (o: number) => (le ? bytes.readUInt32LE(o) : bytes.readUInt32BE(o));
  const phoff = is64 ? Number(le ? bytes.readBigUInt64LE(0x20) : bytes.readBigUInt64BE(0x20)) : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  if (phnum === 0 || phoff + phentsize * phnum > bytes.length) return false;
  for (let i = 0; i < phnum; i++) {
    if (u32(phoff + i * phentsize) === PT_INTERP) return false;
  }
  return true;
}
