#Requires -Version 7.2
<#
.SYNOPSIS
    Runs Pester test files (tests/pester) against the built module, one file after another, and writes a small
    JSON summary.

.DESCRIPTION
    Meant to run in a FRESH `dotnet pwsh -NoProfile` (tests/Invoke-Tests.ps1 starts it so): a binary module cannot
    be unloaded, so every run after a build needs a new process.

    Pester 5.7.1 comes from NuGet: `dotnet restore tests/pester/PesterHost/PesterHost.csproj` puts it into the
    global packages folder, and this script imports <packages>/pester/5.7.1/tools/Pester.psd1 by path.

    The module under test is $env:EcsAdminTestModulePath (set by the test runner), else out/EcsAdmin/<version>/.

    One moto per run: the files' Start-MotoServer calls share one moto_server that this script owns (started on
    first use, reset between files, stopped at the end); see TestHelpers.psm1.

    -WorkQueue: several of these processes can share one ordered list of files (tests/Invoke-Tests.ps1 does this);
    each claims the next unclaimed file, so the files spread over the processes as they finish.

    Writes -ResultPath as JSON: { passed, failed, skipped, notRun, total, result, failedBlocks, failedContainers,
    durationSeconds, files: [{ path, passed, failed, skipped, notRun, total, seconds, failures }] } plus one NUnit and one
    JUnit XML report per file into -OutputDirectory. Exit code 0 only if nothing failed.

.EXAMPLE
    dotnet pwsh -NoProfile ./tests/pester/Invoke-PesterSuite.ps1 -Path ./tests/pester/Session.Tests.ps1 -Verbosity Detailed

.EXAMPLE
    dotnet pwsh -NoProfile ./tests/pester/Invoke-PesterSuite.ps1 -Tag Unit
#>
[CmdletBinding()]
param(
    [string] $ResultPath,
    [string] $OutputDirectory,
    # Test files or folders to run (default: tests/pester). Ignored with -WorkQueue.
    [string[]] $Path = @($PSScriptRoot),
    [string[]] $FullNameFilter,
    [string[]] $Tag,
    [string[]] $ExcludeTag,
    # A folder holding queue.txt (one test file path a line, in the order to run them); files are claimed with
    # claim-<line> marker files, so each file runs in exactly one of the processes sharing the folder.
    [string] $WorkQueue,
    # Start-MotoServer starts a process per call (the behaviour before the shared instance).
    [switch] $NoSharedMoto,
    # Pester's console output. Normal prints failures and each file's counts; Detailed adds a line per test (about
    # 1.5 ms of CPU per test, 3-4 s over the whole suite). Every test's result and duration is in the JUnit report.
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Verbosity = 'Normal'
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

. (Join-Path $repoRoot 'tools/NuGetPackages.ps1')
$pesterPsd1 = Find-NuGetPackageFile -Package "pester/$pesterVersion" -File 'tools/Pester.psd1'
if (-not $pesterPsd1) {
    Write-Host "Restoring Pester $pesterVersion (tests/pester/PesterHost)"
    & dotnet restore (Join-Path $PSScriptRoot 'PesterHost/PesterHost.csproj') --nologo -v quiet | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet restore of PesterHost failed (exit code $LASTEXITCODE)" }
    $pesterPsd1 = Find-NuGetPackageFile -Package "pester/$pesterVersion" -File 'tools/Pester.psd1'
}
if (-not $pesterPsd1) { throw "Pester $pesterVersion not found in the packages folder after restore" }
Import-Module $pesterPsd1 -Force -ErrorAction Stop

if (-not $env:EcsAdminTestModulePath) {
    $version = (Import-PowerShellDataFile (Join-Path $repoRoot 'EcsAdmin.psd1')).ModuleVersion
    $env:EcsAdminTestModulePath = Join-Path $repoRoot "out/EcsAdmin/$version/EcsAdmin.psd1"
}
Write-Host "Pester $pesterVersion; module under test: $env:EcsAdminTestModulePath"

# The shared moto: TestHelpers starts it on the first Start-MotoServer of this process and names it in the
# environment; Stop-SharedMotoServer below stops it.
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
if (-not $NoSharedMoto) { Enable-SharedMotoServer }

function Get-TestFile {
    # The *.Tests.ps1 files under -Path, in name order (a file given by name is taken as it is).
    foreach ($p in $Path) {
        $item = Get-Item -LiteralPath $p
        if ($item.PSIsContainer) {
            Get-ChildItem -LiteralPath $item.FullName -Recurse -File -Filter '*.Tests.ps1' | Sort-Object FullName | ForEach-Object FullName
        } else {
            $item.FullName
        }
    }
}

# The files this process runs: all of -Path, or, with -WorkQueue, the next file no other process has claimed yet
# (claimed one at a time, just before it runs, so the files spread over the processes as they finish).
# @() around the if: the statement's output is enumerated, so one file would otherwise be a bare string.
$queue = @(if ($WorkQueue) { Get-Content -LiteralPath (Join-Path $WorkQueue 'queue.txt') | Where-Object { $_ } } else { Get-TestFile })
$script:nextIndex = 0
# needs-exec.txt (beside queue.txt) names the files that start the exec test server: while the solution build that
# makes it is still running ($env:EcsAdminExecTestServerReady not written yet), a process claims the next file that
# does not need it, so the long exec files start as soon as the build is done instead of waiting at the queue's end.
$needsExec = [System.Collections.Generic.HashSet[string]]::new()
if ($WorkQueue -and (Test-Path -LiteralPath (Join-Path $WorkQueue 'needs-exec.txt'))) {
    foreach ($line in Get-Content -LiteralPath (Join-Path $WorkQueue 'needs-exec.txt')) { if ($line) { $null = $needsExec.Add($line) } }
}
function Get-NextTestFile {
    if (-not $WorkQueue) {
        if ($script:nextIndex -lt $queue.Count) { return $queue[$script:nextIndex++] }
        return $null
    }
    $ready = $env:EcsAdminExecTestServerReady
    $buildRunning = $needsExec.Count -gt 0 -and $ready -and -not (Test-Path -LiteralPath $ready)
    # First pass (only while the build runs): files that do not need the exec test server; then any file, in order.
    foreach ($skipExec in @(if ($buildRunning) { $true }) + @($false)) {
        for ($i = 0; $i -lt $queue.Count; $i++) {
            if ($skipExec -and $needsExec.Contains($queue[$i])) { continue }
            $claimPath = Join-Path $WorkQueue "claim-$i"
            if (Test-Path -LiteralPath $claimPath) { continue }
            try {
                $claim = [IO.File]::Open($claimPath, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write)
                $claim.Dispose()
                return $queue[$i]
            } catch [System.IO.IOException] {
                continue  # another process has it
            }
        }
    }
    $null
}

# tests/Invoke-Tests.ps1 -AssembleModule starts this process while the module is still being built, so that the
# start-up above runs beside the compile: $env:EcsAdminTestModuleReady names a file written when the build ends,
# saying `ok` or why it failed. No file runs before it says ok.
if ($env:EcsAdminTestModuleReady) {
    while (-not (Test-Path -LiteralPath $env:EcsAdminTestModuleReady)) { Start-Sleep -Milliseconds 200 }
    $moduleState = (Get-Content -LiteralPath $env:EcsAdminTestModuleReady -Raw).Trim()
    if ($moduleState -ne 'ok') {
        Write-Host "pester: no test ran, the module was not built ($moduleState)"
        exit 1
    }
}

function Format-Failure([string] $What, $ErrorRecord) {
    # One line: what failed and the start of its message (Format-FailureLine, as the runner's xUnit lines).
    Format-FailureLine $What $(if ($ErrorRecord -is [System.Management.Automation.ErrorRecord]) { $ErrorRecord.Exception.Message } elseif ($ErrorRecord) { "$ErrorRecord" })
}

$files = [System.Collections.Generic.List[object]]::new()
$started = [DateTime]::UtcNow
try {
    while ($file = Get-NextTestFile) {
        $config = New-PesterConfiguration
        $config.Run.Path = $file
        $config.Run.PassThru = $true
        $config.Run.Exit = $false
        $config.Output.Verbosity = $Verbosity
        $config.Output.RenderMode = 'Plaintext'
        # Reports are written after the run (below), so a report that cannot be written never loses the counts.
        $config.TestResult.Enabled = $false
        if ($FullNameFilter) { $config.Filter.FullName = $FullNameFilter }
        if ($Tag) { $config.Filter.Tag = $Tag }
        if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag }

        # A file that did not give the shared moto back (no Stop-MotoServer) does not keep it from the next one.
        Reset-SharedMotoServerLoan
        $fileStarted = [DateTime]::UtcNow
        # This process's CPU time for the file (not its children's: moto, fresh pwsh, the exec test server).
        $cpuBefore = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
        $result = $null
        $crash = $null
        try { $result = Invoke-Pester -Configuration $config } catch { $crash = $_ }
        $seconds = [Math]::Round(([DateTime]::UtcNow - $fileStarted).TotalSeconds, 1)
        $cpuSeconds = [Math]::Round(([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - $cpuBefore).TotalSeconds, 1)
        $name = [IO.Path]::GetFileNameWithoutExtension($file)

        if ($null -eq $result) {
            # Pester itself failed on this file: one failure, and the other files still run.
            Write-Host "pester: $file gave no result (counted as 1 failure): $crash"
            $files.Add([pscustomobject]@{ path = $file; passed = 0; failed = 1; skipped = 0; notRun = 0; total = 0
                    failedBlocks = 0; failedContainers = 1; seconds = $seconds; cpuSeconds = $cpuSeconds; result = 'NoResult'
                    failures = @(Format-Failure 'Invoke-Pester' $crash) })
            continue
        }
        foreach ($report in @(
                @{ Command = 'Export-NUnitReport'; File = "$name.nunit.xml" }
                @{ Command = 'Export-JUnitReport'; File = "$name.junit.xml" })) {
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
        # What failed and why, for the runner's summary: tests, then blocks (BeforeAll...), then the file itself. Listing
        # them never costs the counts.
        $failures = try {
            @(foreach ($t in @($result.Failed)) { Format-Failure $t.ExpandedPath (@($t.ErrorRecord) | Select-Object -First 1) }
                foreach ($b in @($result.FailedBlocks)) { Format-Failure "$($b.ExpandedPath) (block)" (@($b.ErrorRecord) | Select-Object -First 1) }
                foreach ($c in @($result.FailedContainers)) { Format-Failure "$([IO.Path]::GetFileName("$($c.Item)")) (file)" (@($c.ErrorRecord) | Select-Object -First 1) })
        } catch { @("(the failures could not be listed: $_)") }
        $files.Add([pscustomobject]@{
                path             = $file
                passed           = [int] $result.PassedCount
                failed           = $failed
                skipped          = [int] $result.SkippedCount
                notRun           = [int] $result.NotRunCount
                total            = [int] $result.TotalCount
                failedBlocks     = [int] $result.FailedBlocksCount
                failedContainers = [int] $result.FailedContainersCount
                seconds          = $seconds
                cpuSeconds       = $cpuSeconds
                result           = [string] $result.Result
                failures         = $failures
            })
    }
} finally {
    if (-not $NoSharedMoto) { Stop-SharedMotoServer }
}

$sum = { param($name) $s = 0; foreach ($f in $files) { $s += [int] $f.$name }; $s }
$failedTotal = & $sum 'failed'
$summary = [ordered]@{
    passed           = & $sum 'passed'
    failed           = $failedTotal
    skipped          = & $sum 'skipped'
    notRun           = & $sum 'notRun'
    total            = & $sum 'total'
    result           = if ($failedTotal -gt 0) { 'Failed' } else { 'Passed' }
    failedBlocks     = & $sum 'failedBlocks'
    failedContainers = & $sum 'failedContainers'
    durationSeconds  = [Math]::Round(([DateTime]::UtcNow - $started).TotalSeconds, 1)
    files            = @($files)
}
$summary | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ResultPath -Encoding utf8
Write-Host ("pester: {0} passed, {1} failed, {2} skipped ({3} files, {4} s)" -f $summary.passed, $summary.failed, $summary.skipped, $files.Count, $summary.durationSeconds)
if ($failedTotal -gt 0) { exit 1 }
exit 0
