"""Kernel confinement of the process that runs student code: Landlock, seccomp-bpf, prctl, rlimits, uid.

Applied inside the worker after numpy is imported and before any student code runs, in two layers:

* :func:`process_layer` (the fork server, or a ``--serve`` worker): hard resource limits; when root, a new
  network namespace and the unprivileged uid 65534; ``PR_SET_NO_NEW_PRIVS``; a Landlock domain that may read
  only what Python and numpy need (the interpreter's library, the import path without ``solutions`` and
  ``autograder``, system libraries) and write only the grader's scratch folder, with no TCP (ABI >= 4) and
  signals and abstract unix sockets scoped to the domain (ABI >= 6); a seccomp filter that denies tracing,
  other processes' memory and descriptors, every socket call, exec, io_uring, namespaces, mounts, bpf, keys.
* :func:`worker_layer` (each forked worker): a nested Landlock domain that may write only the worker's own
  scratch folder and cannot signal the fork server or its batch-mates, and a seccomp filter that denies
  process creation other than threads, so nothing outlives the worker's kill.

Layers only ever add restrictions (the kernel intersects them). Whatever the kernel lacks is listed in
:class:`Isolation` ``missing`` and lowers ``level`` to ``"partial"`` or ``"none"``; nothing here raises.

Standalone (standard library only) because the worker imports it by path; Linux syscall numbers of x86_64
(Landlock's are the same on every architecture; the seccomp filter is not installed elsewhere).
"""
from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
import sys
from dataclasses import asdict, dataclass, field

#: uid and gid a root grader's workers drop to
UNPRIVILEGED = 65534
#: set to "off" in the worker's environment to skip confinement (tests of the fallback); the report says so
SWITCH = "AUTOGRADER_CONFINE"
#: os.pathsep-separated paths the grader names as never readable (its package, the reference solutions)
DENY_ENV = "AUTOGRADER_DENY"
#: package names never readable from the import path, whatever the install mode (editable or not)
DENIED_PACKAGES = ("solutions", "autograder")
LEVELS = ("none", "partial", "full")
#: descriptors a worker may hold open (set once the read rules' descriptors are closed)
OPEN_FILES = 256


@dataclass
class Isolation:
    """What confines the student's process; carried in every result and shown by every report.

    ``level`` is ``"full"`` when Landlock (filesystem rules and scoped signals, ABI >= 6), the seccomp filter,
    no-new-privileges and, for a root grader, the uid drop all hold; ``"partial"`` when some do; ``"none"``
    when nothing does (another OS, an old kernel, or confinement switched off). ``missing`` names what is not
    in place, in words.
    """

    level: str = "none"
    landlock_abi: int = 0
    seccomp: bool = False
    uid_dropped: bool = False
    netns: bool = False
    missing: list = field(default_factory=list)

    def summary(self):
        """One line for reports: ``full (Landlock ABI 7, seccomp, uid 65534, network namespace)``."""
        parts = []
        if self.landlock_abi:
            parts.append(f"Landlock ABI {self.landlock_abi}")
        if self.seccomp:
            parts.append("seccomp")
        if self.uid_dropped:
            parts.append(f"uid {UNPRIVILEGED}")
        if self.netns:
            parts.append("network namespace")
        text = f"{self.level} ({', '.join(parts)})" if parts else self.level
        if self.missing:
            text += "; missing: " + "; ".join(self.missing)
        return text

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        """Rebuild from the worker's hello message; ValueError when it does not have this exact shape."""
        if not isinstance(data, dict) or set(data) != {f for f in cls.__dataclass_fields__}:
            raise ValueError("not an isolation record")
        if data["level"] not in LEVELS or type(data["landlock_abi"]) is not int:
            raise ValueError("not an isolation record")
        if not all(type(data[k]) is bool for k in ("seccomp", "uid_dropped", "netns")):
            raise ValueError("not an isolation record")
        missing = data["missing"]
        if not isinstance(missing, list) or len(missing) > 20 or not all(
                isinstance(m, str) and len(m) < 300 for m in missing):
            raise ValueError("not an isolation record")
        return cls(**{**data, "missing": list(missing)})


def weakest(records):
    """The least confined of several isolation records (a submission may have needed several workers)."""
    records = [r for r in records if r is not None]
    if not records:
        return None
    return min(records, key=lambda r: (LEVELS.index(r.level), -len(r.missing)))


# --- system calls ------------------------------------------------------------------------------------------

_libc = None


def _c():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.syscall.restype = ctypes.c_long
        _libc.prctl.restype = ctypes.c_int
        _libc.prctl.argtypes = (ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong)
    return _libc


def _check(result, what):
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")
    return result


_SYS_LANDLOCK_CREATE_RULESET, _SYS_LANDLOCK_ADD_RULE, _SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446
_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE, _PR_SET_KEEPCAPS, _PR_SET_SECCOMP, _PR_SET_NO_NEW_PRIVS = 1, 4, 8, 22, 38
_CLONE_NEWNET, _CLONE_THREAD = 0x40000000, 0x00010000


def landlock_abi():
    """The kernel's Landlock ABI version, 0 when there is none (or this is not Linux)."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        libc = _c()
        abi = libc.syscall(ctypes.c_long(_SYS_LANDLOCK_CREATE_RULESET), None, ctypes.c_size_t(0),
                           ctypes.c_uint32(1))
    except (OSError, AttributeError):
        return 0
    return max(int(abi), 0)


def _prctl(option, arg=0):
    _check(_c().prctl(option, arg, 0, 0, 0), f"prctl({option})")


# --- Landlock ----------------------------------------------------------------------------------------------

_FS = {name: 1 << bit for bit, name in enumerate((
    "execute", "write_file", "read_file", "read_dir", "remove_dir", "remove_file", "make_char", "make_dir",
    "make_reg", "make_sock", "make_fifo", "make_block", "make_sym", "refer", "truncate", "ioctl_dev"))}
#: rights that may be granted on a file (the others only make sense on a directory)
_FILE_RIGHTS = _FS["execute"] | _FS["write_file"] | _FS["read_file"] | _FS["truncate"] | _FS["ioctl_dev"]
READ = _FS["read_file"] | _FS["read_dir"]
#: a scratch folder: everything but executing, devices, sockets and pipes
SCRATCH = READ | _FS["write_file"] | _FS["remove_dir"] | _FS["remove_file"] | _FS["make_dir"] | \
    _FS["make_reg"] | _FS["make_sym"] | _FS["refer"] | _FS["truncate"]
_NET_TCP = 1 | 2  # bind, connect
_SCOPE = 1 | 2  # abstract unix sockets, signals


def _fs_rights(abi):
    """The filesystem rights this ABI knows: 13 in ABI 1, refer in 2, truncate in 3, ioctl on devices in 5."""
    bits = 13 + (abi >= 2) + (abi >= 3)
    rights = (1 << bits) - 1
    return rights | (_FS["ioctl_dev"] if abi >= 5 else 0)


class Landlock:
    """One Landlock domain being built: ``allow(path, rights)`` rules, then :meth:`restrict`."""

    def __init__(self, abi, handled_fs, net=False, scope=False):
        self.abi = abi
        self.handled_fs = handled_fs & _fs_rights(abi)
        fields = [self.handled_fs]
        if abi >= 4:
            fields.append(_NET_TCP if net else 0)
        if abi >= 6:
            fields.append(_SCOPE if scope else 0)
        attr = struct.pack(f"={len(fields)}Q", *fields)
        self.fd = _check(_c().syscall(ctypes.c_long(_SYS_LANDLOCK_CREATE_RULESET), ctypes.c_char_p(attr),
                                      ctypes.c_size_t(len(attr)), ctypes.c_uint32(0)), "landlock_create_ruleset")

    def allow(self, path, rights):
        """Grant ``rights`` beneath ``path`` (a folder) or on it (a file); a path that is gone is skipped."""
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return False
        try:
            self.allow_fd(fd, rights, os.path.isdir(path))
        finally:
            os.close(fd)
        return True

    def allow_fd(self, fd, rights, is_dir):
        rights &= self.handled_fs & (~0 if is_dir else _FILE_RIGHTS)
        if not rights:
            return
        rule = struct.pack("=Qi", rights, fd)  # struct landlock_path_beneath_attr is packed
        _check(_c().syscall(ctypes.c_long(_SYS_LANDLOCK_ADD_RULE), ctypes.c_int(self.fd), ctypes.c_int(1),
                            ctypes.c_char_p(rule), ctypes.c_uint32(0)), "landlock_add_rule")

    def restrict(self):
        try:
            _check(_c().syscall(ctypes.c_long(_SYS_LANDLOCK_RESTRICT_SELF), ctypes.c_int(self.fd),
                                ctypes.c_uint32(0)), "landlock_restrict_self")
        finally:
            os.close(self.fd)


def _real(path):
    return os.path.realpath(path)


def read_roots():
    """What Python and numpy may still need to read: the interpreter's library and import path, system libraries."""
    roots = [p for p in sys.path if p and os.path.isdir(p)]
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    for prefix in {sys.base_prefix, sys.base_exec_prefix}:
        roots.append(os.path.join(prefix, "lib", version))
    roots += ["/usr/lib", "/usr/lib64", "/lib", "/lib64", "/etc/ld.so.cache", "/etc/localtime",
              "/dev/urandom", "/dev/random", "/dev/zero"]
    return [r for r in dict.fromkeys(_real(r) for r in roots) if os.path.exists(r)]


def denied_paths():
    """Paths never granted: the grader's list (``AUTOGRADER_DENY``) and the denied packages on the import path."""
    deny = {_real(p) for p in os.environ.get(DENY_ENV, "").split(os.pathsep) if p}
    for entry in sys.path:
        if entry and os.path.isdir(entry):
            for name in DENIED_PACKAGES:
                deny.add(_real(os.path.join(entry, name)))
    return {d for d in deny if os.path.exists(d)}  # a path that is not there needs no carving out


def _inside(path, folder):
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def grant_plan(roots, deny):
    """The paths to grant so that ``roots`` are readable except what lies in ``deny``.

    Landlock cannot take back part of a granted folder, so a root holding a denied path is granted entry
    by entry, down to the denied path, which is left out (``site-packages/solutions`` of a regular install).
    """
    plan = []
    for root in roots:
        if any(_inside(root, d) for d in deny):
            continue
        _expand(root, deny, plan, depth=0)
    return plan


def _expand(path, deny, plan, depth):
    if any(_inside(path, d) for d in deny):
        return
    holds = [d for d in deny if _inside(d, path)]
    if not holds or depth > 8 or not os.path.isdir(path) or os.path.islink(path):
        plan.append(path)
        return
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        _expand(entry.path, deny, plan, depth + 1)


class ReadRules:
    """The read-only part of every layer, opened once (``O_PATH``) so each worker only re-adds the rules."""

    def __init__(self, paths):
        self.rules = []
        for path in paths:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            self.rules.append((fd, os.path.isdir(path)))

    def add_to(self, ruleset):
        for fd, is_dir in self.rules:
            ruleset.allow_fd(fd, READ, is_dir)

    def close(self):
        for fd, _ in self.rules:
            os.close(fd)
        self.rules = []


# --- seccomp -----------------------------------------------------------------------------------------------

_AUDIT_ARCH_X86_64 = 0xC000003E
_RET_ALLOW, _RET_KILL_PROCESS, _RET_ERRNO = 0x7FFF0000, 0x80000000, 0x00050000
_LD_ABS_W, _JEQ, _JSET, _JGE, _RET = 0x20, 0x15, 0x45, 0x35, 0x06

#: x86_64 syscalls no worker needs: tracing and other processes' memory or descriptors, every socket call
#: (the worker's one socket is inherited), exec, io_uring, namespaces, mounts, bpf, keys, perf, modules
_DENIED_X86_64 = {
    "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "pidfd_getfd": 438, "pidfd_open": 434,
    "kcmp": 312, "process_madvise": 440, "socket": 41, "socketpair": 53, "connect": 42, "bind": 49,
    "listen": 50, "accept": 43, "accept4": 288, "execve": 59, "execveat": 322, "io_uring_setup": 425,
    "io_uring_enter": 426, "io_uring_register": 427, "unshare": 272, "setns": 308, "mount": 165,
    "umount2": 166, "pivot_root": 155, "chroot": 161, "bpf": 321, "keyctl": 250, "add_key": 248,
    "request_key": 249, "userfaultfd": 323, "perf_event_open": 298, "kexec_load": 246, "kexec_file_load": 320,
    "init_module": 175, "finit_module": 313, "delete_module": 176, "open_by_handle_at": 304,
    "name_to_handle_at": 303, "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431,
    "fsmount": 432, "fspick": 433, "mount_setattr": 442, "quotactl": 179, "swapon": 167, "swapoff": 168,
    "reboot": 169, "sethostname": 170, "setdomainname": 171, "iopl": 172, "ioperm": 173, "acct": 163,
    "settimeofday": 164, "adjtimex": 159, "clock_settime": 227, "syslog": 103, "uselib": 134,
    "personality": 135, "vhangup": 153, "lookup_dcookie": 212,
}
_SYS_CLONE, _SYS_CLONE3, _SYS_FORK, _SYS_VFORK, _SYS_IOCTL = 56, 435, 57, 58, 16
_TIOCSTI = 0x5412


def _insn(code, k=0, jt=0, jf=0):
    return struct.pack("=HBBI", code, jt, jf, k)


def _seccomp_program(no_processes):
    errno_perm = _RET_ERRNO | errno.EPERM
    program = [
        _insn(_LD_ABS_W, 4),  # seccomp_data.arch
        _insn(_JEQ, _AUDIT_ARCH_X86_64, 1, 0),
        _insn(_RET, _RET_KILL_PROCESS),  # i386 calls through int 0x80 would bypass the table below
        _insn(_LD_ABS_W, 0),  # seccomp_data.nr
        _insn(_JGE, 0x40000000, 0, 1),  # the x32 ABI
        _insn(_RET, errno_perm),
    ]
    for number in sorted(_DENIED_X86_64.values()):
        program += [_insn(_JEQ, number, 0, 1), _insn(_RET, errno_perm)]
    # ioctl(fd, TIOCSTI): typing into a terminal (the worker has none, but a descriptor might be one)
    program += [_insn(_JEQ, _SYS_IOCTL, 0, 3), _insn(_LD_ABS_W, 24), _insn(_JEQ, _TIOCSTI, 0, 1),
                _insn(_RET, errno_perm), _insn(_LD_ABS_W, 0)]
    # clone3 takes its flags in memory, which seccomp cannot read: ENOSYS makes glibc fall back to clone
    program += [_insn(_JEQ, _SYS_CLONE3, 0, 1), _insn(_RET, _RET_ERRNO | errno.ENOSYS)]
    if no_processes:
        program += [_insn(_JEQ, _SYS_FORK, 0, 1), _insn(_RET, errno_perm),
                    _insn(_JEQ, _SYS_VFORK, 0, 1), _insn(_RET, errno_perm),
                    # clone: threads (CLONE_THREAD in the flags, the first argument) only
                    _insn(_JEQ, _SYS_CLONE, 0, 4), _insn(_LD_ABS_W, 16), _insn(_JSET, _CLONE_THREAD, 0, 1),
                    _insn(_RET, _RET_ALLOW), _insn(_RET, errno_perm)]
    program.append(_insn(_RET, _RET_ALLOW))
    return b"".join(program)


def seccomp_supported():
    return sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64")


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


#: both programs, built once in the fork server so a worker only installs its own (a fraction of a ms)
_PROGRAMS = {}


def _program(no_processes):
    if no_processes not in _PROGRAMS:
        code = _seccomp_program(no_processes)
        buffer = ctypes.create_string_buffer(code, len(code))
        _PROGRAMS[no_processes] = (buffer, _SockFprog(len(code) // 8, ctypes.addressof(buffer)))
    return _PROGRAMS[no_processes][1]


def install_seccomp(no_processes):
    """Install the filter (requires no-new-privileges); ``no_processes`` also denies fork, vfork and clone."""
    prog = _program(no_processes)
    _check(_c().prctl(_PR_SET_SECCOMP, 2, ctypes.addressof(prog), 0, 0), "seccomp")


# --- uid, capabilities, limits, network namespace ------------------------------------------------------------

_CAP_DAC_READ_SEARCH = 1 << 2
_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL = 47, 4


def _drop_uid(keep_read_search):
    """Become uid/gid 65534 with no groups (capabilities are kept for :func:`_drop_capabilities`)."""
    if keep_read_search:
        _prctl(_PR_SET_KEEPCAPS, 1)
    os.setgroups([])
    os.setresgid(UNPRIVILEGED, UNPRIVILEGED, UNPRIVILEGED)
    os.setresuid(UNPRIVILEGED, UNPRIVILEGED, UNPRIVILEGED)
    if keep_read_search:
        _prctl(_PR_SET_KEEPCAPS, 0)


def _drop_capabilities(keep_read_search):
    """Drop every capability (ambient ones too). With ``keep_read_search`` (only under Landlock, which
    bounds it to the read-only paths) CAP_DAC_READ_SEARCH stays if held, so an interpreter installed in a
    home folder others cannot enter (pyenv in /root) stays importable after the uid drop."""
    header = struct.pack("=Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    current = ctypes.create_string_buffer(24)
    _check(_c().capget(ctypes.c_char_p(header), current), "capget")
    permitted = struct.unpack("=6I", current.raw)[1]
    keep = _CAP_DAC_READ_SEARCH if keep_read_search and permitted & _CAP_DAC_READ_SEARCH else 0
    try:
        _prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL)
    except OSError:
        pass  # kernels before 4.3 have no ambient capabilities
    data = struct.pack("=6I", keep, keep, 0, 0, 0, 0)  # effective, permitted, inheritable; two words each
    _check(_c().capset(ctypes.c_char_p(header), ctypes.c_char_p(data)), "capset")


def set_limits(memory_mb, file_mb=64):
    """Hard limits the student cannot raise: address space, file size, no core dumps."""
    import resource

    _set_hard(((resource.RLIMIT_AS, memory_mb * 2**20), (resource.RLIMIT_FSIZE, file_mb * 2**20),
               (resource.RLIMIT_CORE, 0)))


def _set_hard(limits):
    import resource

    for limit, value in limits:
        soft, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY and os.geteuid() != 0:
            value = min(value, hard)
        resource.setrlimit(limit, (value, value))


def _disabled():
    return os.environ.get(SWITCH, "").lower() in ("off", "0", "no", "false")


def _left_out(part):
    """``AUTOGRADER_CONFINE=no-landlock`` or ``no-seccomp`` leaves one part out, as an old kernel or
    another architecture would (tests of the partial level)."""
    return f"no-{part}" in os.environ.get(SWITCH, "").lower().replace(" ", "").split(",")


def process_layer(workdir, memory_mb=4096):
    """Confine this process (the fork server or a lone worker); returns what holds.

    Parameters
    ----------
    workdir : str
        The grader's scratch folder: the only place this layer lets the process write.
    memory_mb : int
        Address-space limit in MiB.
    """
    isolation = Isolation()
    try:
        set_limits(memory_mb)
    except (ImportError, ValueError, OSError) as error:
        isolation.missing.append(f"resource limits ({error})")
    if _disabled():
        isolation.missing.append(f"kernel confinement switched off ({SWITCH}=off)")
        return isolation
    if not sys.platform.startswith("linux"):
        isolation.missing.append(f"kernel confinement (Landlock, seccomp) on {sys.platform}")
        return isolation
    root = os.geteuid() == 0
    if root:
        try:
            _check(_c().unshare(_CLONE_NEWNET), "unshare")
            isolation.netns = True
        except OSError as error:
            isolation.missing.append(f"network namespace ({error.strerror})")
    try:
        _prctl(_PR_SET_NO_NEW_PRIVS, 1)
    except OSError as error:
        isolation.missing.append(f"no-new-privileges ({error.strerror})")
        return _graded(isolation, root)
    abi = 0 if _left_out("landlock") else landlock_abi()
    rules = None
    if abi:
        try:
            rules = ReadRules(grant_plan(read_roots(), denied_paths()))
            ruleset = Landlock(abi, _fs_rights(abi), net=True, scope=True)
            rules.add_to(ruleset)
            ruleset.allow(workdir, SCRATCH)
            ruleset.allow("/dev/null", _FS["read_file"] | _FS["write_file"])
            ruleset.restrict()
            isolation.landlock_abi = abi
            if abi < 6:
                isolation.missing.append(f"Landlock ABI {abi} < 6: signals and abstract sockets are not scoped")
        except OSError as error:
            isolation.missing.append(f"Landlock ({error.strerror})")
            if rules is not None:
                rules.close()
            rules = None
    elif _left_out("landlock"):
        isolation.missing.append(f"Landlock (left out: {SWITCH}=no-landlock)")
    else:
        isolation.missing.append("Landlock (this kernel has none: files outside the scratch folder are open)")
    if root:
        try:
            _drop_uid(keep_read_search=bool(isolation.landlock_abi))
            isolation.uid_dropped = True
        except OSError as error:
            isolation.missing.append(f"uid drop ({error.strerror})")
    try:
        _drop_capabilities(keep_read_search=bool(isolation.landlock_abi))
    except OSError as error:
        isolation.missing.append(f"dropping capabilities ({error.strerror})")
    _dumpable_off()
    if seccomp_supported() and not _left_out("seccomp"):
        try:
            install_seccomp(no_processes=False)
            _program(no_processes=True)  # built now, installed by each worker
            isolation.seccomp = True
        except OSError as error:
            isolation.missing.append(f"seccomp ({error.strerror})")
    elif _left_out("seccomp"):
        isolation.missing.append(f"seccomp filter (left out: {SWITCH}=no-seccomp)")
    else:
        isolation.missing.append(f"seccomp filter (no syscall table for {platform.machine()})")
    _READ_RULES[0] = rules
    return _graded(isolation, root)


#: the read rules of the process layer, kept open for each worker's own layer
_READ_RULES = [None]


def _dumpable_off(die_with_parent=False):
    """No core dumps, /proc/<pid> owned by root, no ptrace by the same uid; a forked worker also dies with
    the fork server. (Not the fork server itself: the parent-death signal follows the grader *thread* that
    started it, which may end long before the grader; it stops when its control socket closes instead.)"""
    import signal

    try:
        _prctl(_PR_SET_DUMPABLE, 0)
        if die_with_parent:
            _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass


def worker_layer(scratch, isolation, forked=False):
    """Confine one worker further: write only ``scratch``, signal nothing outside itself, start no process.

    ``isolation`` is the process layer's record; the returned record describes the worker. A ``forked``
    worker (a child of the fork server) also dies with the fork server.
    """
    isolation = Isolation(**{**isolation.to_dict(), "missing": list(isolation.missing)})
    if _disabled() or not sys.platform.startswith("linux"):
        return isolation
    _dumpable_off(die_with_parent=forked)
    rules = _READ_RULES[0]
    if isolation.landlock_abi and rules is not None:
        try:
            ruleset = Landlock(isolation.landlock_abi, _fs_rights(isolation.landlock_abi), net=True, scope=True)
            rules.add_to(ruleset)
            ruleset.allow(scratch, SCRATCH)
            ruleset.allow("/dev/null", _FS["read_file"] | _FS["write_file"])
            ruleset.restrict()
        except OSError as error:
            isolation.missing.append(f"the worker's own Landlock layer ({error.strerror})")
    if rules is not None:
        rules.close()
        _READ_RULES[0] = None
    try:
        import resource

        _set_hard([(resource.RLIMIT_NOFILE, OPEN_FILES)])
    except (ImportError, ValueError, OSError):
        pass
    if isolation.seccomp:
        try:
            install_seccomp(no_processes=True)
        except OSError as error:
            isolation.missing.append(f"the worker's seccomp filter ({error.strerror})")
    return _graded(isolation, os.geteuid() == 0)


def _graded(isolation, root):
    full = (isolation.landlock_abi >= 6 and isolation.seccomp and (isolation.uid_dropped or not root)
            and not any(m.startswith("the worker's") for m in isolation.missing))
    if full:
        isolation.level = "full"
    elif isolation.landlock_abi or isolation.seccomp or isolation.uid_dropped:
        isolation.level = "partial"
    else:
        isolation.level = "none"
    return isolation


def probe():
    """What this machine supports, without confining anything (``python -m autograder doctor``)."""
    isolation = Isolation(landlock_abi=landlock_abi(), seccomp=seccomp_supported())
    if _disabled():
        isolation.missing.append(f"kernel confinement switched off ({SWITCH}=off)")
        isolation.landlock_abi, isolation.seccomp = 0, False
    if not isolation.landlock_abi and not _disabled():
        isolation.missing.append("Landlock")
    if not isolation.seccomp and not _disabled():
        isolation.missing.append(f"seccomp filter (no syscall table for {platform.machine()})")
    return _graded(isolation, root=False)


def _elf_interpreter(path):
    """The dynamic loader an ELF executable names (PT_INTERP): execve opens it for execution too."""
    try:
        with open(path, "rb") as f:
            header = f.read(64)
            if header[:4] != b"\x7fELF" or header[4] != 2:  # 64-bit only
                return None
            order = "<" if header[5] == 1 else ">"
            phoff, = struct.unpack_from(order + "Q", header, 32)
            phentsize, phnum = struct.unpack_from(order + "HH", header, 54)
            for i in range(phnum):
                f.seek(phoff + i * phentsize)
                kind, _, offset, _, _, size = struct.unpack(order + "IIQQQQ", f.read(40))
                if kind == 3:  # PT_INTERP
                    f.seek(offset)
                    return f.read(size).rstrip(b"\0").decode()
    except (OSError, struct.error, UnicodeDecodeError, IndexError):
        return None
    return None


def kernel_layer(writable, readable=()):
    """Confine a Jupyter kernel that ``nbgrader autograde`` runs (student code as the instructor's user).

    Coarser than a worker's layers, because the kernel starts the grader (``check()`` runs ``python -m
    autograder check-cells``, which reads the reference and starts its own confined worker): it may read
    Python, the import path, system libraries and ``readable`` (the grader's checkout); write only
    ``writable`` (the notebook's folder, the temporary folder); open no TCP connection (its own ZeroMQ
    sockets are bound already) and signal nothing outside itself. So the gradebook, the course's other
    folders and other students' notebooks are out of its reach. No seccomp filter: the kernel must start
    the grader. Returns what holds.
    """
    isolation = Isolation()
    if _disabled() or _left_out("landlock"):
        isolation.missing.append(f"kernel confinement switched off ({SWITCH})")
        return isolation
    abi = landlock_abi()
    if not abi:
        isolation.missing.append("Landlock (the kernel can read and write what its user can)")
        return isolation
    try:
        _prctl(_PR_SET_NO_NEW_PRIVS, 1)
        ruleset = Landlock(abi, _fs_rights(abi), net=True, scope=True)
        for path in grant_plan(read_roots() + [_real(p) for p in readable if os.path.exists(p)], set()):
            ruleset.allow(path, READ)
        for path in writable:
            ruleset.allow(path, SCRATCH)
        ruleset.allow("/dev/null", _FS["read_file"] | _FS["write_file"])
        # the interpreter, to start the grader: the venv's bin folder and pyvenv.cfg, the real executable
        ruleset.allow(os.path.dirname(sys.executable), READ)
        ruleset.allow(os.path.join(sys.prefix, "pyvenv.cfg"), READ)
        for program in (_real(sys.executable), _elf_interpreter(_real(sys.executable))):
            if program:
                ruleset.allow(_real(program), READ | _FS["execute"])
        ruleset.restrict()
    except OSError as error:
        isolation.missing.append(f"Landlock ({error.strerror})")
        return isolation
    isolation.landlock_abi = abi
    isolation.missing.append("seccomp filter (the kernel starts the grader)")
    return _graded(isolation, root=False)
