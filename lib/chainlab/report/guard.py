"""The write guard the class report puts in every learner's kernel, before the notebook's first cell runs.

An audit hook (PEP 578), which nothing in the kernel can remove, refuses every change to a file or folder outside
the submission's own temporary folder, and every new process (a process would run without the hook). A refused
call raises PermissionError in the learner's code and is noted in a log that the report reads. This stops the
writes that ordinary notebook code makes through Python; a C library that opens files itself (torch.save given a file
name) goes unseen, and it is no sandbox against code written to get around it (through ctypes, say): the README
shows how to run the report in a container.
"""

import os
import sys

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
# Audit events that change the file system, with the positions of their arguments that name what changes.
CHANGES = {
    "os.chmod": (0,),
    "os.chown": (0,),
    "os.link": (1,),
    "os.mkdir": (0,),
    "os.remove": (0,),
    "os.rename": (0, 1),
    "os.rmdir": (0,),
    "os.symlink": (1,),
    "os.truncate": (0,),
    "os.utime": (0,),
    "shutil.rmtree": (0,),
    "sqlite3.connect": (0,),
}
NEW_PROCESSES = {"os.exec", "os.fork", "os.forkpty", "os.posix_spawn", "os.spawn", "os.system", "subprocess.Popen"}


def install(folder, log):
    """From now on in this process, refuse changes outside folder and new processes; note each refusal in log."""
    folder = os.path.realpath(folder)
    log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)  # opened now: the hook writes without opening

    def outside(path):
        if isinstance(path, int) or path is None:  # an open file descriptor: its opening was checked
            return False
        real = os.path.realpath(os.fsdecode(path))
        return real != os.devnull and os.path.commonpath([real, folder]) != folder

    def refuse(what):
        os.write(log_fd, f"{what}\n".encode(errors="replace"))
        raise PermissionError(f"The class report lets a notebook change files only in its own folder: {what}")

    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            if (flags & WRITE_FLAGS or any(c in (mode or "") for c in "wax+")) and outside(path):
                refuse(f"write {os.fsdecode(path)}")
        elif event in CHANGES:
            for path in (args[i] for i in CHANGES[event]):
                if outside(path):
                    refuse(f"{event.removeprefix('os.').removeprefix('shutil.')} {os.fsdecode(path)}")
        elif event in NEW_PROCESSES:
            refuse(f"start a process ({event})")

    sys.addaudithook(hook)
