using System.Diagnostics;
using System.Runtime.InteropServices;

namespace StrongCitiesPortal.Benchmarks;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): on a machine others load, wall time
/// counts the waits for a core too, CPU time only the work. Elsewhere it falls back to wall time.
/// </summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;
    private static readonly bool Available = OperatingSystem.IsLinux() && TryRead(out _);

    public static bool IsCpuTime => Available;

    /// <summary>Now, in the thread's CPU time (or wall time where that cannot be read).</summary>
    public static TimeSpan Now() => Available && TryRead(out var now) ? now : Stopwatch.GetElapsedTime(0);

    private static bool TryRead(out TimeSpan now)
    {
        now = default;
        try
        {
            if (ClockGetTime(ClockThreadCpuTime, out var spec) != 0)
                return false;
            now = TimeSpan.FromTicks((spec.Seconds * TimeSpan.TicksPerSecond) + (spec.Nanoseconds / 100));
            return true;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec spec);
}
