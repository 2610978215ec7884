using System.Runtime.InteropServices;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// Caps glibc's malloc at two arenas for the whole process, as <c>MALLOC_ARENA_MAX=2</c> in the environment would (which
/// cannot travel with the published app). glibc gives threads up to 8 arenas per core; the runtime's native allocations
/// (the JIT's, the type loader's, OpenSSL's) spread over them held 18-26 MiB more resident under the page and scheduling
/// benchmarks than two arenas hold, at no CPU cost measurable there (docs/performance.md, "Memory: what the process
/// holds"). Applied first thing in <c>Program</c>: glibc fixes its arena limit once a process has more than 8 arenas, long
/// after the few the runtime makes before <c>Main</c>. An operator's own <c>MALLOC_ARENA_MAX</c> or
/// <c>GLIBC_TUNABLES</c> wins.
/// </summary>
internal static class NativeMallocArenas
{
    public const int Limit = 2;

    /// <summary><c>M_ARENA_MAX</c> in glibc's <c>malloc.h</c>.</summary>
    private const int ArenaMaxParameter = -8;

    /// <returns>Whether the cap was set: false off Linux, without glibc, or when the environment already tunes malloc.</returns>
    public static bool Apply(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!OperatingSystem.IsLinux() || environment("MALLOC_ARENA_MAX") is not null || environment("GLIBC_TUNABLES") is not null)
        {
            return false;
        }

        try
        {
            return Mallopt(ArenaMaxParameter, Limit) == 1;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // another C library (musl): its allocator has no arenas to cap
        }
    }

    [DllImport("libc", EntryPoint = "mallopt", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Mallopt(int parameter, int value);
}
