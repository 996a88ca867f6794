"""``doctor``: how this machine confines student code, measured by starting a real sandbox worker."""
import json

HELP = "show how this machine confines student code (Landlock, seccomp, uid, network namespace)"


def add_arguments(parser):
    parser.add_argument("--json", action="store_true", help="print the isolation record as JSON")


def run(args):
    from ..run import confine
    from ..run.runner import Launcher

    kernel = confine.probe()
    with Launcher(fork=False, require=False) as launcher:
        process = launcher.start()
        isolation = process.isolation
        process.kill()
    if args.json:
        print(json.dumps({"kernel": kernel.to_dict(), "worker": isolation.to_dict()}, indent=2))
        return 0
    print(f"Landlock ABI of this kernel: {kernel.landlock_abi or 'none'}")
    print(f"seccomp filter for this architecture: {'yes' if kernel.seccomp else 'no'}")
    print(f"A sandbox worker started here runs with: {isolation.summary()}")
    if isolation.level != "full":
        print("Grading works, with the limits above; `grade --require-sandbox` (or AUTOGRADER_REQUIRE_SANDBOX=1) "
              "refuses to grade on this machine.")
    return 0
