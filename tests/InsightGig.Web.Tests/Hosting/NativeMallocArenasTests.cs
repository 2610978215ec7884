using System.Runtime.InteropServices;
using InsightGig.TestSupport;
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

    [Fact]
    public void The_image_caps_the_arenas_before_the_runtime_makes_its_own()
    {
        // The environment is the only place that reaches the arenas the runtime's threads make before Main; the image is
        // where the deployment's environment is written down.
        var dockerfile = File.ReadAllLines(Path.Combine(RepositoryFolder.Root, "src", "InsightGig.Web", "Dockerfile"));
        var finalStage = dockerfile.SkipWhile(line => !line.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal));

        Assert.Contains($"ENV MALLOC_ARENA_MAX={NativeMallocArenas.Limit}", finalStage.Select(line => line.Trim()));
    }

    [Theory]
    [InlineData("MALLOC_ARENA_MAX")]
    [InlineData("GLIBC_TUNABLES")]
    public void An_operators_malloc_setting_in_the_environment_wins(string variable)
    {
        Assert.False(NativeMallocArenas.Apply(name => name == variable ? "4" : null));
    }
}
