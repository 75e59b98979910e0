# The environment of the dotnet builds that build.ps1 and tests/Invoke-Tests.ps1 run (dot-sourced by both).
#
# A build here is short: MSBuild and the C# compiler live seconds to a minute each. Three settings make them cheaper:
# - DOTNET_TieredPGO=0: the runtime's instrumented tier (dynamic PGO) costs such short processes more compile time
#   than its tuned code gives back. The engine's compile fell from 35 to 21 CPU-s with it off.
# - UseSharedCompilation=true: one compiler server compiles every project of the run, so Roslyn is loaded and
#   JIT-compiled once instead of once per project.
# - The MSBuild server (DOTNET_CLI_USE_MSBUILD_SERVER): the publish, the solution build and `dotnet test` share one
#   warm MSBuild process instead of starting their own. Worker nodes are not reused (whatever the environment says
#   of MSBUILDDISABLENODEREUSE stays): `dotnet build-server shutdown` did not always find a reused node, which then
#   outlived the run, and reuse saved little beside the server.
# Together they took the compile of a fresh clone (engine publish, then the solution build) from 124 CPU-s and
# 85 s to about 80 CPU-s and 45-50 s on the 2-core machine.
# The servers outlive the build that starts them: Stop-BuildServer ends them when the command that set them up ends.

function Get-BuildEnvironment {
    # Variable => value.
    [ordered]@{
        DOTNET_TieredPGO              = '0'
        UseSharedCompilation          = 'true'
        DOTNET_CLI_USE_MSBUILD_SERVER = '1'
    }
}

function Set-BuildEnvironment {
    # Applies Get-BuildEnvironment to this process (its children inherit it); returns the values it replaced, for
    # Restore-BuildEnvironment.
    $saved = [ordered]@{}
    $environment = Get-BuildEnvironment
    foreach ($name in $environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $environment[$name])
    }
    $saved
}

function Restore-BuildEnvironment {
    param([Parameter(Mandatory)] [Collections.IDictionary] $Saved)
    foreach ($name in $Saved.Keys) {
        # [NullString]: PowerShell passes $null to a string parameter as '', which would leave the variable set, empty.
        $value = if ($null -eq $Saved[$name]) { [NullString]::Value } else { $Saved[$name] }
        [Environment]::SetEnvironmentVariable($name, $value)
    }
}

function Stop-BuildServer {
    # Ends the compiler server and the MSBuild server the builds left running (quietly: none may be running).
    $null = & dotnet build-server shutdown --msbuild --vbcscompiler 2>&1
}
