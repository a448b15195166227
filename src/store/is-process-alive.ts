import { isErrorCode } from "./is-error-code.ts";

/** Whether a process with this id runs on this machine (signal 0 only asks). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return isErrorCode(error, "EPERM");
  }
}
