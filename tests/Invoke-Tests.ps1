#Requires -Version 7.2
<#
.SYNOPSIS
    Runs the test suites (xUnit and Pester) against the built module; the last line is `N passed, N failed`.

.DESCRIPTION
    `./build.ps1 -Task Test` compiles the sources, then runs this script with -AssembleModule. Run it alone after a
    build for a quicker loop.

    0. With -AssembleModule: the Pester processes start at once and wait for the module (their start-up runs
       beside the compile); `build.ps1 -Task Build -Phase Compile` (one `dotnet publish`), then
       `build.ps1 -Task Build -Phase Assemble` in its own process (ReadyToRun images, MAML help) beside step 1;
       the Pester processes begin their files when it is done.
    1. `dotnet build EcsAdmin.sln` once (test projects, the exec test server, the generator; the sources are
       up to date when build.ps1 has compiled them, so they are not compiled again).
    2. At the same time: `dotnet test EcsAdmin.sln --no-build -m:1` (one invocation, the assemblies one after
       the other, a TRX file per test assembly, once the build is done) and -PesterWorkers fresh pwsh processes running tests/pester/Invoke-PesterSuite.ps1,
       which share one queue of test files (longest first, by the previous run's times) and each start one
       moto_server for all their files. The exec test server is started from the dll the build made. The Pester
       processes run at a lower CPU priority (-PesterNice): the build and xUnit go first, Pester takes the rest.
    3. Each process's output is printed when it ends; then a summary per suite and the total.

    Anything that does not report its tests counts as failures: a build that fails, a runner that crashes or
    exceeds -TimeoutMinutes, a test assembly without results, a queued Pester file that never reported.
    The exit code is 1 when anything failed.

    -Suite picks the tests: Unit = xUnit tests without the trait Category=Integration and Pester blocks tagged
    Unit (nothing that needs moto_server or the exec test server); Integration = the rest; All = both.

.EXAMPLE
    dotnet pwsh -NoProfile ./tests/Invoke-Tests.ps1 -Suite Unit

.EXAMPLE
    dotnet pwsh -NoProfile ./build.ps1 -Task Test -Suite Integration
#>
[CmdletBinding()]
param(
    [ValidateSet('All', 'Unit', 'Integration')]
    [string] $Suite = 'All',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # The built manifest under test (default: $env:EcsAdminTestModulePath, else out/EcsAdmin/<version>/EcsAdmin.psd1).
    [string] $ModulePath,

    # Pester processes sharing the queue of test files.
    [ValidateRange(1, 8)]
    [int] $PesterWorkers = [Math]::Min(4, [Math]::Max(2, [Environment]::ProcessorCount)),

    # The Pester processes' `nice` level (Unix): they give way to the build and xUnit when the CPU is short, and
    # take whatever CPU those leave.
    [ValidateRange(0, 19)]
    [int] $PesterNice = 10,

    # A runner still going after this long is stopped and counted as failed.
    [ValidateRange(1, 600)]
    [int] $TimeoutMinutes = 30,

    # Use the test assemblies already built (skip `dotnet build EcsAdmin.sln`).
    [switch] $NoBuild,

    # Build the module too: compile the sources (`build.ps1 -Task Build -Phase Compile`), then assemble the module
    # in its own process beside the solution build (`-Phase Assemble`: ReadyToRun images, MAML help); Pester runs
    # its files when it is done. `build.ps1 -Task Test` runs this.
    [switch] $AssembleModule
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$PSStyle.OutputRendering = 'PlainText'
$env:NO_COLOR = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

$Root = (Resolve-Path (Join-Path $PSScriptRoot '..')).ProviderPath
$Version = (Import-PowerShellDataFile -LiteralPath (Join-Path $Root 'EcsAdmin.psd1')).ModuleVersion
$ResultsRoot = Join-Path $Root 'out/test-results'
# Per-file Pester times of the last run: the next run queues the longest files first.
$DurationsPath = Join-Path $Root 'out/pester-durations.json'
$DefaultDurationsPath = Join-Path $PSScriptRoot 'pester/durations.json'
$Solution = Join-Path $Root 'EcsAdmin.sln'
$started = [Diagnostics.Stopwatch]::StartNew()
# Every process the run starts inherits this mark, so what a test host left behind (a moto_server whose test host
# was ended before its exit handler ran) can be found and stopped at the end (Stop-LeftoverProcess).
$env:ECSADMIN_TEST_RUN = [guid]::NewGuid().ToString('N')

Import-Module (Join-Path $PSScriptRoot 'pester/TestHelpers.psm1') -Force
# Set-BuildEnvironment, Stop-BuildServer: the builds' environment (one compiler server, the MSBuild server).
. (Join-Path $Root 'tools/BuildEnvironment.ps1')

if (-not $ModulePath) { $ModulePath = Get-EcsAdminModulePath }
if ($AssembleModule) {
    $ModulePath = [IO.Path]::GetFullPath($ModulePath, $Root)
} else {
    if (-not (Test-Path -LiteralPath $ModulePath)) {
        throw "Built module not found at $ModulePath. Run: dotnet pwsh -NoProfile ./build.ps1 -Task Build"
    }
    $ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
}

function Write-Step([string] $Message) {
    Write-Host "==> $Message"
}

function Set-BuildState([string] $State, [string] $Path = $buildDone) {
    # Written whole, then renamed: a Pester process waiting for the exec test server (or the module) never reads
    # half of it.
    Set-Content -LiteralPath "$Path.tmp" -Value $State -Encoding utf8
    Move-Item -LiteralPath "$Path.tmp" -Destination $Path -Force
}

# ---------------------------------------------------------------------------------------------- processes

function Start-Runner {
    <#
    Starts one runner process with its stdout and stderr copied to files; returns its record. Output is shown
    when it ends (Show-Runner), so the suites running side by side do not interleave.
    #>
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{},
        # Run at a lower CPU priority (Unix `nice`; ignored where there is none).
        [int] $Nice = 0
    )
    if ($Nice -gt 0 -and -not $IsWindows) {
        $niceExe = Get-Command nice -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($niceExe) {
            $ArgumentList = @('-n', "$Nice", $FilePath) + $ArgumentList
            $FilePath = $niceExe.Source
        }
    }
    $logDir = Join-Path $ResultsRoot 'logs'
    $null = New-Item -ItemType Directory -Path $logDir -Force
    $psi = [Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    foreach ($k in $Environment.Keys) {
        if ($null -eq $Environment[$k]) { $null = $psi.Environment.Remove($k) } else { $psi.Environment[$k] = $Environment[$k] }
    }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.WorkingDirectory = $Root
    $process = [Diagnostics.Process]::Start($psi)
    $out = [IO.File]::Create((Join-Path $logDir "$Name.log"))
    $err = [IO.File]::Create((Join-Path $logDir "$Name.stderr.log"))
    [pscustomobject]@{
        Name      = $Name
        Process   = $process
        OutFile   = $out
        ErrFile   = $err
        Copies    = @($process.StandardOutput.BaseStream.CopyToAsync($out), $process.StandardError.BaseStream.CopyToAsync($err))
        Exited    = $process.WaitForExitAsync()
        Clock     = [Diagnostics.Stopwatch]::StartNew()
        ExitCode  = $null
        TimedOut  = $false
        Seconds   = 0
    }
}

function Complete-Runner {
    # Records how the runner ended (stopping it first when it ran out of time) and closes its log files.
    param([Parameter(Mandatory)] $Runner, [switch] $Kill)
    if ($Kill -and -not $Runner.Process.HasExited) {
        $Runner.TimedOut = $true
        try { $Runner.Process.Kill($true) } catch { Write-Verbose "kill $($Runner.Name): $_" }
    }
    $null = $Runner.Process.WaitForExit(30000)
    try { $null = [Threading.Tasks.Task]::WaitAll([Threading.Tasks.Task[]] $Runner.Copies, 30000) } catch { Write-Verbose "$($Runner.Name) output: $_" }
    $Runner.OutFile.Dispose()
    $Runner.ErrFile.Dispose()
    $Runner.ExitCode = if ($Runner.Process.HasExited) { $Runner.Process.ExitCode } else { -1 }
    $Runner.Seconds = [Math]::Round($Runner.Clock.Elapsed.TotalSeconds, 1)
}

function Show-Runner {
    param([Parameter(Mandatory)] $Runner)
    $how = if ($Runner.TimedOut) { "stopped after $TimeoutMinutes min" } else { "exit code $($Runner.ExitCode)" }
    Write-Step "$($Runner.Name) ($how, $($Runner.Seconds) s)"
    foreach ($f in $Runner.OutFile.Name, $Runner.ErrFile.Name) {
        if ((Get-Item -LiteralPath $f).Length -gt 0) {
            # ANSI sequences are stripped: the log is read as plain text.
            Get-Content -LiteralPath $f | ForEach-Object { $_ -replace '\x1B\[[0-9;?]*[ -/]*[@-~]', '' } | Out-Host
        }
    }
}

# ---------------------------------------------------------------------------------------------- xUnit results

function Read-TrxCounters([string] $Path) {
    # Counters, the test assembly and the failed tests' names of one TRX file.
    [xml] $trx = Get-Content -LiteralPath $Path -Raw
    $ns = [Xml.XmlNamespaceManager]::new($trx.NameTable)
    $ns.AddNamespace('t', 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010')
    $counters = $trx.SelectSingleNode('/t:TestRun/t:ResultSummary/t:Counters', $ns)
    if (-not $counters) { throw "No Counters element in $Path" }
    $n = { param($name) $a = $counters.GetAttribute($name); if ($a) { [int] $a } else { 0 } }
    $storage = $trx.SelectSingleNode('/t:TestRun/t:TestDefinitions/t:UnitTest/@storage', $ns)
    [pscustomobject]@{
        Assembly = if ($storage) { [IO.Path]::GetFileNameWithoutExtension($storage.Value) } else { $null }
        Total    = & $n 'total'
        Passed   = & $n 'passed'
        # Everything that is not a pass or a deliberate skip counts against the run.
        Failed   = (& $n 'failed') + (& $n 'error') + (& $n 'timeout') + (& $n 'aborted')
        Skipped  = (& $n 'notExecuted')
        Outcome  = $trx.SelectSingleNode('/t:TestRun/t:ResultSummary', $ns).GetAttribute('outcome')
        # Each failed test's name with the start of its message: the summary is the part of a long log that is read.
        FailedTests = @($trx.SelectNodes("/t:TestRun/t:Results/t:UnitTestResult[@outcome!='Passed' and @outcome!='NotExecuted']", $ns) |
                ForEach-Object {
                    $message = $_.SelectSingleNode('t:Output/t:ErrorInfo/t:Message', $ns)
                    Format-FailureLine $_.GetAttribute('testName') $(if ($message) { $message.InnerText })
                })
    }
}

function Stop-LeftoverProcess([string] $Run) {
    # Stops the processes still running with ECSADMIN_TEST_RUN=<Run> in their environment (Linux: /proc/<pid>/environ)
    # and returns their names. Whatever a run starts ends with it; a leftover is reported, not counted as a failure.
    if (-not $IsLinux) { return }
    $mark = "`0ECSADMIN_TEST_RUN=$Run`0"
    foreach ($dir in [IO.Directory]::EnumerateDirectories('/proc')) {
        $id = 0
        if (-not [int]::TryParse([IO.Path]::GetFileName($dir), [ref] $id) -or $id -eq $PID) { continue }
        try {
            $environ = "`0" + [Text.Encoding]::Latin1.GetString([IO.File]::ReadAllBytes((Join-Path $dir 'environ')))
            if (-not $environ.Contains($mark)) { continue }
            $p = [Diagnostics.Process]::GetProcessById($id)
            $name = $p.ProcessName
            $p.Kill($true)
            "$name ($id)"
        } catch { Write-Verbose "$_" } # ended meanwhile, or not ours to read
    }
}

function Get-TestProjects {
    # The test projects: every project under tests/ that says <IsTestProject>true</IsTestProject> (read as XML).
    foreach ($file in Get-ChildItem -LiteralPath (Join-Path $Root 'tests') -Recurse -File -Filter '*.csproj' |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }) {
        [xml] $project = Get-Content -LiteralPath $file.FullName -Raw
        $isTest = @($project.SelectNodes('/Project/PropertyGroup/IsTestProject') | Where-Object { $_.InnerText.Trim() -eq 'true' })
        if ($isTest.Count -gt 0) {
            $assembly = @($project.SelectNodes('/Project/PropertyGroup/AssemblyName') | ForEach-Object { $_.InnerText.Trim() }) | Select-Object -First 1
            if (-not $assembly) { $assembly = $file.BaseName }
            [pscustomobject]@{ Name = $file.BaseName; Assembly = $assembly; Path = $file.FullName }
        }
    }
}

function Get-XunitSuites {
    param($Runner, [string] $BuildFailure)
    $projects = @(Get-TestProjects)
    if ($BuildFailure) {
        return [pscustomobject]@{ Suite = 'xunit'; Passed = 0; Failed = [Math]::Max(1, $projects.Count); Skipped = 0; Note = $BuildFailure; FailedTests = @() }
    }
    $trx = @(Get-ChildItem -LiteralPath (Join-Path $ResultsRoot 'xunit') -Filter '*.trx' -File -Recurse -ErrorAction SilentlyContinue)
    $read = foreach ($t in $trx) {
        try { Read-TrxCounters $t.FullName } catch { [pscustomobject]@{ Assembly = $null; File = $t.Name; Error = "$_" } }
    }
    $suites = foreach ($p in $projects) {
        $mine = @($read | Where-Object { $_.PSObject.Properties['Total'] -and $_.Assembly -eq $p.Assembly })
        $passed = 0; $failed = 0; $skipped = 0; $total = 0; $failedTests = @(); $note = ''
        foreach ($c in $mine) { $passed += $c.Passed; $failed += $c.Failed; $skipped += $c.Skipped; $total += $c.Total; $failedTests += $c.FailedTests }
        if ($Suite -ne 'All' -and $total -eq 0) {
            # A filtered run: an assembly may have no test of this suite (its TRX then names no assembly).
            $note = 'no test of this suite'
        } elseif ($mine.Count -eq 0) {
            $failed += 1; $note = 'no TRX results for this assembly: counted as 1 failure'
        } elseif ($total -eq 0) {
            $failed += 1; $note = 'no test ran: counted as 1 failure'
        }
        [pscustomobject]@{ Suite = "xunit:$($p.Name)"; Passed = $passed; Failed = $failed; Skipped = $skipped; Note = $note; FailedTests = $failedTests }
    }
    $suites = @($suites)
    foreach ($bad in @($read | Where-Object { $_.PSObject.Properties['Error'] })) {
        $suites += [pscustomobject]@{ Suite = "xunit:$($bad.File)"; Passed = 0; Failed = 1; Skipped = 0; Note = "unreadable TRX: $($bad.Error)"; FailedTests = @() }
    }
    $recorded = ($suites | Measure-Object -Property Failed -Sum).Sum
    if ($Runner.TimedOut) {
        $suites += [pscustomobject]@{ Suite = 'xunit'; Passed = 0; Failed = 1; Skipped = 0; Note = "dotnet test stopped after $TimeoutMinutes min: counted as 1 failure"; FailedTests = @() }
    } elseif ($Runner.ExitCode -ne 0 -and $recorded -eq 0) {
        $suites += [pscustomobject]@{ Suite = 'xunit'; Passed = 0; Failed = 1; Skipped = 0; Note = "dotnet test exited $($Runner.ExitCode) with no failed test recorded: counted as 1 failure"; FailedTests = @() }
    }
    $suites
}

# ---------------------------------------------------------------------------------------------- Pester queue

function Get-PesterQueue {
    # Every tests/pester/*.Tests.ps1, longest first by the last run's times (on a fresh clone, by the checked-in
    # tests/pester/durations.json; files in neither first, largest first). Files that start the exec test server
    # are marked (NeedsExec): the Pester processes pass over them until the solution build is done.
    $known = @{}
    foreach ($path in $DefaultDurationsPath, $DurationsPath) {
        if (-not (Test-Path -LiteralPath $path)) { continue }
        try {
            $d = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json -AsHashtable
            foreach ($k in $d.Keys) { $known[$k] = [double] $d[$k] }
        } catch { Write-Verbose "ignoring $path`: $_" }
    }
    $files = Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'pester') -Recurse -File -Filter '*.Tests.ps1'
    $rows = foreach ($f in $files) {
        $text = Get-Content -LiteralPath $f.FullName -Raw
        # -Suite Unit: a file that tags nothing Unit has nothing to run (this spares its discovery).
        if ($Suite -eq 'Unit' -and $text -notmatch '-Tags?\s[^\r\n]*\bUnit\b') { continue }
        [pscustomobject]@{
            Path      = $f.FullName
            NeedsExec = $text -match 'Start-ExecTestServer'
            Weight    = if ($known.ContainsKey($f.Name)) { $known[$f.Name] } else { 1000 + $f.Length / 1000 }
        }
    }
    @($rows | Sort-Object @{ Expression = 'Weight'; Descending = $true }, @{ Expression = 'Path' })
}

function Format-PesterFailure($File) {
    # A failed file's lines for the summary: each failure with the start of its message, or the file and its count.
    $name = [IO.Path]::GetFileName($File.path)
    $listed = $File.PSObject.Properties['failures']
    $failures = @(if ($listed) { $listed.Value | Where-Object { $_ } })
    if ($failures.Count -eq 0) { return "$name ($($File.failed))" }
    foreach ($x in $failures) { "${name}: $x" }
}

function Get-PesterSuites {
    param($Runners, [string[]] $Queue)
    $suites = [Collections.Generic.List[object]]::new()
    $reported = [Collections.Generic.HashSet[string]]::new()
    $durations = [ordered]@{}
    $passed = 0; $failed = 0; $skipped = 0; $notes = [Collections.Generic.List[string]]::new(); $failedFiles = @()
    foreach ($r in $Runners) {
        $json = Join-Path $ResultsRoot "pester/$($r.Name).json"
        $p = $null
        if (Test-Path -LiteralPath $json) {
            try { $p = Get-Content -LiteralPath $json -Raw | ConvertFrom-Json } catch { $p = $null }
        }
        if ($null -eq $p) {
            $failed += 1
            $how = if ($r.TimedOut) { "stopped after $TimeoutMinutes min" } else { "exit code $($r.ExitCode)" }
            $notes.Add("$($r.Name) crashed ($how, no summary): counted as 1 failure")
            continue
        }
        $passed += [int] $p.passed; $failed += [int] $p.failed; $skipped += [int] $p.skipped
        foreach ($f in @($p.files)) {
            $null = $reported.Add($f.path)
            $durations[[IO.Path]::GetFileName($f.path)] = $f.seconds
            if ([int] $f.failed -gt 0) { $failedFiles += @(Format-PesterFailure $f) }
        }
        if ($r.ExitCode -ne 0 -and [int] $p.failed -eq 0) {
            $failed += 1
            $notes.Add("$($r.Name) exited $($r.ExitCode) with no failed test recorded: counted as 1 failure")
        }
    }
    foreach ($q in $Queue) {
        if (-not $reported.Contains($q)) {
            $failed += 1
            $notes.Add("$([IO.Path]::GetFileName($q)) never reported: counted as 1 failure")
        }
    }
    if ($durations.Count -gt 0 -and $Suite -eq 'All') {
        try { $durations | ConvertTo-Json | Set-Content -LiteralPath $DurationsPath -Encoding utf8 } catch { Write-Verbose "$_" }
    }
    [pscustomobject]@{
        Suite = "pester ($($Runners.Count) processes, $($Queue.Count) files)"; Passed = $passed; Failed = $failed; Skipped = $skipped
        Note = ($notes -join '; '); FailedTests = $failedFiles
    }
}

# ---------------------------------------------------------------------------------------------- run

if (Test-Path -LiteralPath $ResultsRoot) { Remove-Item -LiteralPath $ResultsRoot -Recurse -Force }
$null = New-Item -ItemType Directory -Path (Join-Path $ResultsRoot 'pester'), (Join-Path $ResultsRoot 'xunit') -Force

$xunitFilter = switch ($Suite) { 'Unit' { 'Category!=Integration' } 'Integration' { 'Category=Integration' } default { $null } }
$pesterFilter = switch ($Suite) { 'Unit' { @('-Tag', 'Unit') } 'Integration' { @('-ExcludeTag', 'Unit') } default { @() } }
$execServerDll = Join-Path $Root "tests/EcsAdmin.ExecTestServer/bin/$Configuration/net10.0/EcsAdmin.ExecTestServer.dll"
$buildDone = Join-Path $ResultsRoot 'solution-build.done'
$moduleDone = Join-Path $ResultsRoot 'module-build.done'
$dotnet = 'dotnet'
$pwsh = Get-PwshCommand
$common = @("-p:ModuleVersion=$Version", '-nologo')

$pending = [Collections.Generic.List[object]]::new()
try {
    $queueRows = @(Get-PesterQueue)
    $queue = @($queueRows | ForEach-Object Path)
    $queueDir = Join-Path $ResultsRoot 'pester/queue'
    $null = New-Item -ItemType Directory -Path $queueDir -Force
    Set-Content -LiteralPath (Join-Path $queueDir 'queue.txt') -Value $queue -Encoding utf8
    Set-Content -LiteralPath (Join-Path $queueDir 'needs-exec.txt') -Value @($queueRows | Where-Object NeedsExec | ForEach-Object Path) -Encoding utf8

    $what = if ($AssembleModule) { 'compile, then module assembly and solution build, then xUnit' } else { 'solution build, xUnit' }
    Write-Step "Tests ($Suite): module $ModulePath; $what and $PesterWorkers Pester processes side by side"
    $buildRunner = $null
    $buildFailure = $null
    $moduleRunner = $null
    $moduleFailure = $null
    $pesterEnv = @{
        EcsAdminTestModulePath        = $ModulePath
        EcsAdminExecTestServerPath    = $execServerDll
        EcsAdminExecTestServerReady   = $buildDone
        # The Pester processes and the fresh pwsh they start live minutes at most: the runtime's instrumented tier
        # (dynamic PGO) costs them more compile time than its tuned code gives back.
        DOTNET_TieredPGO              = '0'
    }
    # With -AssembleModule the Pester processes wait for the module before their first file: their start-up (pwsh,
    # Pester, helpers) takes the core the compile leaves.
    if ($AssembleModule) { $pesterEnv['EcsAdminTestModuleReady'] = $moduleDone }
    $pesterRunners = foreach ($i in 1..$PesterWorkers) {
        $name = "pester-$i"
        # Pester yields the CPU to the build and xUnit: the exec tests there stream megabytes through the exec
        # test server, whose 2 s flush window (the agent's) closes on a client starved of CPU (they failed in all 5
        # runs beside Pester at nice 0 or 5 on a loaded machine, and passed at 10).
        $r = Start-Runner -Name $name -FilePath $pwsh[0] -Environment $pesterEnv -Nice $PesterNice -ArgumentList (@($pwsh | Select-Object -Skip 1) + @(
                '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'pester/Invoke-PesterSuite.ps1'),
                '-WorkQueue', $queueDir, '-ResultPath', (Join-Path $ResultsRoot "pester/$name.json"),
                '-OutputDirectory', (Join-Path $ResultsRoot 'pester')) + $pesterFilter)
        $pending.Add($r)
        $r
    }
    $pesterRunners = @($pesterRunners)

    # Everything started from here (the compile, the module assembly, the solution build, `dotnet test`) runs in the
    # builds' environment (tools/BuildEnvironment.ps1); the Pester processes above keep this one.
    $null = Set-BuildEnvironment

    if ($AssembleModule) {
        # The compile, here (one `dotnet publish`); then the module assembly (Pester waits for it) and the solution
        # build (the sources are up to date: it compiles the test projects) side by side.
        & (Join-Path $Root 'build.ps1') -Task Build -Phase Compile -Configuration $Configuration
        $moduleRunner = Start-Runner -Name 'module' -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @(
                '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'build.ps1'), '-Task', 'Build', '-Phase', 'Assemble', '-Configuration', $Configuration))
        $pending.Add($moduleRunner)
    }
    if ($NoBuild) {
        Set-BuildState 'ok'
    } else {
        # Beside the module assembly, the solution build runs at a lower priority: the Pester processes wait for the
        # module, and they are the longest path of the run; xUnit, which waits for this build, ends well before them.
        $buildNice = if ($AssembleModule) { [Math]::Max(0, [Math]::Min($PesterNice, 5)) } else { 0 }
        $buildRunner = Start-Runner -Name 'build' -FilePath $dotnet -Nice $buildNice -ArgumentList (@('build', $Solution, '-c', $Configuration, '-v', 'minimal') + $common)
        $pending.Add($buildRunner)
    }

    # -m:1: the test assemblies one after the other. Side by side (with Pester running too) the exec tests that
    # stream megabytes starve, and the exec test server's 2 s flush window (the agent's) closes on them.
    $xunitArgs = @('test', $Solution, '-c', $Configuration, '--no-build', '-m:1', '--results-directory', (Join-Path $ResultsRoot 'xunit'),
        '--logger', 'trx', '--logger', 'console;verbosity=normal') + $common
    if ($xunitFilter) { $xunitArgs += @('--filter', $xunitFilter) }
    # The test hosts keep their own runtime settings (their runtimeconfig), not the build's dynamic PGO setting.
    $xunitEnv = @{ DOTNET_TieredPGO = $null }
    $xunitRunner = $null
    if ($NoBuild) {
        $xunitRunner = Start-Runner -Name 'xunit' -FilePath $dotnet -ArgumentList $xunitArgs -Environment $xunitEnv
        $pending.Add($xunitRunner)
    }

    $deadline = [DateTime]::UtcNow.AddMinutes($TimeoutMinutes)
    while ($pending.Count -gt 0) {
        # Sleep until a runner ends (at most a second, so Ctrl+C is seen), rather than polling.
        $left = [Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
        $exits = [Threading.Tasks.Task[]] @(foreach ($r in $pending) { $r.Exited })
        $null = [Threading.Tasks.Task]::WaitAny($exits, [int] [Math]::Min($left, 1000))
        $finished = @(foreach ($r in $pending) { if ($r.Process.HasExited) { $r } })
        $late = [DateTime]::UtcNow -gt $deadline
        if ($late) { $finished = @($pending) }
        foreach ($r in $finished) {
            $null = $pending.Remove($r)
            Complete-Runner -Runner $r -Kill:$late
            Show-Runner -Runner $r
            if ($r -eq $moduleRunner) {
                if ($r.ExitCode -eq 0 -and -not $late) {
                    Set-BuildState 'ok' -Path $moduleDone
                } else {
                    $moduleFailure = "the module assembly (build.ps1 -Task Build -Phase Assemble) failed (exit code $($r.ExitCode)): Pester did not run"
                    Set-BuildState "failed: $moduleFailure" -Path $moduleDone
                }
            }
            if ($r -eq $buildRunner) {
                if ($r.ExitCode -eq 0) {
                    Set-BuildState 'ok'
                    if (-not $late) {
                        $xunitRunner = Start-Runner -Name 'xunit' -FilePath $dotnet -ArgumentList $xunitArgs -Environment $xunitEnv
                        $pending.Add($xunitRunner)
                    }
                } else {
                    $buildFailure = "dotnet build EcsAdmin.sln failed (exit code $($r.ExitCode)): xUnit did not run, counted as failures"
                    Set-BuildState "failed: $buildFailure"
                }
            }
        }
    }
    # The compiler server and the MSBuild server the builds left running end with the run, and so does anything else
    # it started.
    Stop-BuildServer
    $leftovers = @(Stop-LeftoverProcess $env:ECSADMIN_TEST_RUN)
    if ($leftovers.Count -gt 0) { Write-Host "Stopped what the run left running: $($leftovers -join ', ')" }

    # ---------------------------------------------------------------------------------------------- summary

    $suites = @()
    if (-not $buildFailure -and $null -eq $xunitRunner) { $buildFailure = 'xUnit never started (the run ran out of time): counted as failures' }
    $suites += @(Get-XunitSuites -Runner $xunitRunner -BuildFailure $buildFailure)
    $pesterSuite = Get-PesterSuites -Runners $pesterRunners -Queue $queue
    if ($moduleFailure) {
        $pesterSuite.Failed = [Math]::Max(1, $pesterSuite.Failed)
        $pesterSuite.Note = (@($moduleFailure, $pesterSuite.Note) | Where-Object { $_ }) -join '; '
    }
    $suites += $pesterSuite

    Write-Host ''
    Write-Host "Test summary ($Suite, $([Math]::Round($started.Elapsed.TotalSeconds)) s)"
    foreach ($s in $suites) {
        $line = '  {0}: {1} passed, {2} failed, {3} skipped' -f $s.Suite, $s.Passed, $s.Failed, $s.Skipped
        if ($s.Note) { $line += "  ($($s.Note))" }
        Write-Host $line
        foreach ($t in @($s.FailedTests)) { Write-Host "    failed: $t" }
    }
    $totalPassed = [int] ($suites | Measure-Object -Property Passed -Sum).Sum
    $totalFailed = [int] ($suites | Measure-Object -Property Failed -Sum).Sum
    Write-Host "$totalPassed passed, $totalFailed failed"
} catch {
    # The runner itself failed: stop what it started and count it, so the run never reads as passed.
    foreach ($r in $pending) { try { $r.Process.Kill($true) } catch { Write-Verbose "$_" } }
    try { Stop-BuildServer } catch { Write-Verbose "$_" }
    Write-Host "The test runner failed: $_"
    Write-Host ($_.ScriptStackTrace)
    Write-Host '0 passed, 1 failed'
    exit 1
}
if ($totalFailed -gt 0) { exit 1 }
exit 0
