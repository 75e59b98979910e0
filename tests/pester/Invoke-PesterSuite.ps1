#Requires -Version 7.2
<#
.SYNOPSIS
    Runs the Pester suite (tests/pester) against the built module and writes a small JSON summary.

.DESCRIPTION
    Meant to run in a FRESH `dotnet pwsh -NoProfile` (build.ps1 -Task Test starts it so): a binary module cannot
    be unloaded, so every run after a build needs a new process.

    Pester 5.7.1 comes from NuGet: `dotnet restore tests/pester/PesterHost/PesterHost.csproj` puts it into the
    global packages folder, and this script imports <packages>/pester/5.7.1/tools/Pester.psd1 by path.

    The module under test is $env:EcsAdminTestModulePath (set by build.ps1), else out/EcsAdmin/<version>/.

    Writes -ResultPath as JSON: { passed, failed, skipped, notRun, total, result, failedBlocks, failedContainers,
    durationSeconds } plus NUnit and JUnit XML into -OutputDirectory. Exit code 0 only if nothing failed.

.EXAMPLE
    dotnet pwsh -NoProfile ./tests/pester/Invoke-PesterSuite.ps1 -FullNameFilter '*Get-EcsSession*'
#>
[CmdletBinding()]
param(
    [string] $ResultPath,
    [string] $OutputDirectory,
    # Test files or folders to run (default: tests/pester).
    [string[]] $Path = @($PSScriptRoot),
    [string[]] $FullNameFilter,
    [string[]] $Tag,
    [string[]] $ExcludeTag
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$env:NO_COLOR = '1'

$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
if (-not $OutputDirectory) { $OutputDirectory = Join-Path $repoRoot 'out/test-results/pester' }
if (-not $ResultPath) { $ResultPath = Join-Path $OutputDirectory 'pester-summary.json' }
$null = New-Item -ItemType Directory -Path $OutputDirectory -Force
$null = New-Item -ItemType Directory -Path (Split-Path -Parent $ResultPath) -Force
if (Test-Path -LiteralPath $ResultPath) { Remove-Item -LiteralPath $ResultPath -Force }

$pesterVersion = '5.7.1'

function Get-NuGetPackagesRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $lines = @(& dotnet nuget locals global-packages --list 2>$null)
    $code = $LASTEXITCODE
    $line = @($lines | Where-Object { $_ -match 'global-packages:' }) | Select-Object -First 1
    if ($code -eq 0 -and $line -match 'global-packages:\s*(.+)$') { return $Matches[1].Trim() }
    Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
}

$pesterPsd1 = Join-Path (Get-NuGetPackagesRoot) "pester/$pesterVersion/tools/Pester.psd1"
if (-not (Test-Path -LiteralPath $pesterPsd1)) {
    Write-Host "Restoring Pester $pesterVersion (tests/pester/PesterHost)"
    & dotnet restore (Join-Path $PSScriptRoot 'PesterHost/PesterHost.csproj') --nologo -v quiet | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet restore of PesterHost failed (exit code $LASTEXITCODE)" }
    $pesterPsd1 = Join-Path (Get-NuGetPackagesRoot) "pester/$pesterVersion/tools/Pester.psd1"
}
if (-not (Test-Path -LiteralPath $pesterPsd1)) { throw "Pester not found at $pesterPsd1 after restore" }
Import-Module $pesterPsd1 -Force -ErrorAction Stop

if (-not $env:EcsAdminTestModulePath) {
    $version = (Import-PowerShellDataFile (Join-Path $repoRoot 'EcsAdmin.psd1')).ModuleVersion
    $env:EcsAdminTestModulePath = Join-Path $repoRoot "out/EcsAdmin/$version/EcsAdmin.psd1"
}
Write-Host "Pester $pesterVersion; module under test: $env:EcsAdminTestModulePath"

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
# Reports are written after the run (below), so a report that cannot be written never loses the counts.
$config.TestResult.Enabled = $false
if ($FullNameFilter) { $config.Filter.FullName = $FullNameFilter }
if ($Tag) { $config.Filter.Tag = $Tag }
if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag }

$started = [DateTime]::UtcNow
$result = Invoke-Pester -Configuration $config

if ($null -eq $result) { throw 'Invoke-Pester returned no result' }
foreach ($report in @(
        @{ Command = 'Export-NUnitReport'; File = 'pester-nunit.xml' }
        @{ Command = 'Export-JUnitReport'; File = 'pester-junit.xml' })) {
    try {
        & $report.Command -Result $result -Path (Join-Path $OutputDirectory $report.File)
    } catch {
        Write-Warning "$($report.File) not written: $_"
    }
}

$failed = [int] $result.FailedCount + [int] $result.FailedContainersCount
if ($result.Result -ne 'Passed' -and $failed -eq 0) {
    # A failed block (BeforeAll/AfterAll) or anything else Pester calls a failure never reads as 0 failed.
    $failed = [Math]::Max(1, [int] $result.FailedBlocksCount)
}
$summary = [ordered]@{
    passed           = [int] $result.PassedCount
    failed           = $failed
    skipped          = [int] $result.SkippedCount
    notRun           = [int] $result.NotRunCount
    total            = [int] $result.TotalCount
    result           = [string] $result.Result
    failedBlocks     = [int] $result.FailedBlocksCount
    failedContainers = [int] $result.FailedContainersCount
    durationSeconds  = [Math]::Round(([DateTime]::UtcNow - $started).TotalSeconds, 1)
}
$summary | ConvertTo-Json | Set-Content -LiteralPath $ResultPath -Encoding utf8
Write-Host ("pester: {0} passed, {1} failed, {2} skipped" -f $summary.passed, $summary.failed, $summary.skipped)
if ($failed -gt 0) { exit 1 }
exit 0
