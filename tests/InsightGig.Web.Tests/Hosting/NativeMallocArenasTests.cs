using System.Runtime.InteropServices;
using InsightGig.Web.Infrastructure;

namespace InsightGig.Web.Tests.Hosting;

public sealed class NativeMallocArenasTests
{
    [Fact]
    public void Glibc_takes_the_arena_cap_on_linux()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && !RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal),
            "Linux with glibc only.");

        // mallopt answers 1 when glibc took the setting: the call reaches it (library and entry point found) and is valid.
        Assert.True(NativeMallocArenas.Apply(_ => null));
    }

    [Theory]
    [InlineData("MALLOC_ARENA_MAX")]
    [InlineData("GLIBC_TUNABLES")]
    public void An_operators_malloc_setting_in_the_environment_wins(string variable)
    {
        Assert.False(NativeMallocArenas.Apply(name => name == variable ? "4" : null));
    }
}
