#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, demos, benchmarks and packages the EcsAdmin module.

.DESCRIPTION
    One entry point for developers and CI (.ci/run calls `./build.ps1 -Task Test`).

      Build     publish src/EcsAdmin.Engine (which compiles the module and exec client too) and assemble
                out/EcsAdmin/<version>/ (a whitelist: manifest, EcsAdmin.dll, format/types files, MAML help, deps/)
      Test      tests/Invoke-Tests.ps1 -AssembleModule: the sources compiled, then the module assembly beside the
                solution build, then `dotnet test EcsAdmin.sln` and Pester (tests/pester, in fresh pwsh processes)
                side by side; -Suite Unit|Integration|All; last line: `N passed, N failed`
      Demo      Build, then tools/demo.ps1 against moto_server in a fresh pwsh
      Bench     Build, then tools/bench.ps1
      Package   Build, then a gallery-ready .nupkg in out/packages (Publish-PSResource to a temp repository)
      Generate  regenerate the wire types (tools/EcsAdmin.Generator)
      Clean     remove out/ and every bin/obj under src, tests and tools

    The version has one source of truth: ModuleVersion in EcsAdmin.psd1.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Generate', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Package: use the module already in out/ instead of building it again (the package test does this).
    [switch] $SkipBuild,

    # Test: Unit (no moto_server, no exec test server), Integration (the rest) or All.
    [ValidateSet('All', 'Unit', 'Integration')]
    [string] $Suite = 'All',

    # Build: All (compile, then assemble), Compile (only `dotnet publish` into obj/stage) or Assemble (the module
    # from what obj/stage holds). tests/Invoke-Tests.ps1 -AssembleModule runs the two halves apart, so that the
    # solution build runs beside the assembly.
    [ValidateSet('All', 'Compile', 'Assemble')]
    [string] $Phase = 'All'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
if ($PSVersionTable.PSVersion -ge [version]'7.2') {
    $PSStyle.OutputRendering = 'PlainText'
}
# Child pwsh processes (help generation, Pester, demo, bench) inherit this and render plain text too.
$env:NO_COLOR = '1'
# dotnet's own console chatter: no logo, no telemetry banner, no colours.
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

$Root = $PSScriptRoot
$ManifestPath = Join-Path $Root 'EcsAdmin.psd1'
# Get-BuildEnvironment, Set-BuildEnvironment, Restore-BuildEnvironment, Stop-BuildServer: the builds' environment.
. (Join-Path $Root 'tools/BuildEnvironment.ps1')
# Find-NuGetPackageFile: a file of a restored package (crossgen2).
. (Join-Path $Root 'tools/NuGetPackages.ps1')
$Version = (Import-PowerShellDataFile -LiteralPath $ManifestPath).ModuleVersion
$OutRoot = Join-Path $Root 'out'
$ModuleOut = Join-Path $OutRoot "EcsAdmin/$Version"
$StageRoot = Join-Path $Root "obj/stage/$Configuration"

function Write-Step([string] $Message) {
    Write-Host "==> $Message"
}

function Invoke-Native {
    # Runs a native command with its output streamed to the host; throws on a non-zero exit code.
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [switch] $NoThrow)
    & $FilePath @ArgumentList | Out-Host
    $code = $LASTEXITCODE
    if ($code -ne 0 -and -not $NoThrow) {
        throw "'$FilePath $($ArgumentList -join ' ')' exited with code $code"
    }
    $code
}

function Get-PwshCommand {
    # The command line that starts a fresh PowerShell of the same build as this one.
    # Under `dotnet pwsh` (the local tool) the process is dotnet and the first argument is pwsh.dll.
    $processPath = [Environment]::ProcessPath
    $leaf = [IO.Path]::GetFileNameWithoutExtension($processPath)
    if ($leaf -eq 'dotnet') {
        return , @($processPath, ([Environment]::GetCommandLineArgs()[0]))
    }
    return , @($processPath)
}

function Start-FreshPwsh {
    # Starts a script file in a new `pwsh -NoProfile` process that writes to this console; returns the process.
    param([Parameter(Mandatory)] [string] $File, [string[]] $ArgumentList = @())
    $cmd = Get-PwshCommand
    $psi = [Diagnostics.ProcessStartInfo]::new($cmd[0])
    foreach ($a in @($cmd | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $File) + $ArgumentList) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    [Diagnostics.Process]::Start($psi)
}

function Invoke-FreshPwsh {
    # Runs a script file in a new `pwsh -NoProfile` process and waits for it; returns its exit code.
    param([Parameter(Mandatory)] [string] $File, [string[]] $ArgumentList = @())
    $process = Start-FreshPwsh -File $File -ArgumentList $ArgumentList
    try { $process.WaitForExit(); $process.ExitCode } finally { $process.Dispose() }
}

# ---------------------------------------------------------------------------------------------- tasks

function Invoke-Clean {
    Write-Step 'Clean'
    $targets = @($OutRoot, (Join-Path $Root 'obj'))
    foreach ($top in 'src', 'tests', 'tools') {
        $dir = Join-Path $Root $top
        if (Test-Path -LiteralPath $dir) {
            $targets += @(Get-ChildItem -LiteralPath $dir -Directory -Recurse -Force |
                    Where-Object { $_.Name -in 'bin', 'obj' } |
                    ForEach-Object FullName)
        }
    }
    foreach ($t in $targets) {
        if (Test-Path -LiteralPath $t) {
            Remove-Item -LiteralPath $t -Recurse -Force
            Write-Host "removed $t"
        }
    }
}

function Invoke-Generate {
    Write-Step 'Generate wire types'
    $null = Invoke-Native dotnet @('run', '--project', (Join-Path $Root 'tools/EcsAdmin.Generator'), '-c', $Configuration,
        '--', '--out', (Join-Path $Root 'src/EcsAdmin.Engine/Aws/Generated'))
}

function Test-DepsFile([IO.FileInfo] $File) {
    # Whitelist rule for deps/: assemblies the engine needs at run time, nothing PowerShell-owned.
    if ($File.Extension -ne '.dll') { return $false }
    $name = $File.BaseName
    if ($name -eq 'EcsAdmin') { return $false }
    if ($name -like 'System.Management.Automation*') { return $false }
    if ($name -like 'Microsoft.PowerShell.*') { return $false }
    if ($name -like 'Microsoft.Management.Infrastructure*') { return $false }
    if ($name -eq 'netstandard') { return $false }
    return $true
}

function Get-InputKey {
    <#
    A SHA-256 over the given files' names and bytes (in name order) and some extra strings: the key of a build
    step's cache (obj/cache/<step>/<key>/). The same inputs always give the same outputs here, so a step whose key
    is cached copies its outputs instead of running again (Clean removes obj/).
    #>
    param([IO.FileInfo[]] $Files, [string[]] $Extra = @())
    $sha = [Security.Cryptography.IncrementalHash]::CreateHash([Security.Cryptography.HashAlgorithmName]::SHA256)
    try {
        foreach ($s in $Extra) { $sha.AppendData([Text.Encoding]::UTF8.GetBytes("$s`n")) }
        foreach ($f in @($Files | Sort-Object Name, FullName)) {
            $sha.AppendData([Text.Encoding]::UTF8.GetBytes("$($f.Name)`n"))
            $sha.AppendData([IO.File]::ReadAllBytes($f.FullName))
        }
        [Convert]::ToHexString($sha.GetHashAndReset()).Substring(0, 32)
    } finally { $sha.Dispose() }
}

function Restore-StepCache {
    # Copies a cached step's outputs (every file of obj/cache/<step>/<key>/) into $Destination; $false when not cached.
    param([string] $Step, [string] $Key, [string] $Destination)
    $dir = Join-Path $Root "obj/cache/$Step/$Key"
    if (-not (Test-Path -LiteralPath (Join-Path $dir '.complete'))) { return $false }
    $null = New-Item -ItemType Directory -Path $Destination -Force
    Get-ChildItem -LiteralPath $dir -File | Where-Object Name -ne '.complete' | Copy-Item -Destination $Destination
    $true
}

function Save-StepCache {
    # Keeps a step's outputs under obj/cache/<step>/<key>/ (only the latest key of each step: the cache stays small).
    param([string] $Step, [string] $Key, [IO.FileInfo[]] $Files)
    $stepDir = Join-Path $Root "obj/cache/$Step"
    if (Test-Path -LiteralPath $stepDir) { Remove-Item -LiteralPath $stepDir -Recurse -Force }
    $dir = New-Item -ItemType Directory -Path (Join-Path $stepDir $Key) -Force
    $Files | Copy-Item -Destination $dir.FullName
    $null = New-Item -ItemType File -Path (Join-Path $dir.FullName '.complete')
}

function Get-ReadyToRunTarget {
    # The runtime this PowerShell runs on: the engine is precompiled for it (deps/r2r/net<major>.0-<rid>/).
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    [pscustomobject]@{
        Rid       = "$os-$arch"
        Os        = $os -replace '^osx$', 'osx' -replace '^win$', 'windows'
        Arch      = $arch
        Framework = "net$([Environment]::Version.Major).0"
        Version   = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription -replace '^\.NET\s+', '' -replace '[-+ ].*$', ''
        FxDir     = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
        PwshDir   = Split-Path -Parent ([psobject].Assembly.Location)
    }
}

function Add-ReadyToRun {
    <#
    ReadyToRun copies of the assemblies the first cmdlet call runs (engine, exec client, AWSSDK.Core), compiled ahead
    of time for the runtime of the PowerShell running the build, into deps/r2r/<framework>-<rid>/. EngineLoader uses
    them on a matching PowerShell 7 and the plain IL assemblies everywhere else (Windows PowerShell, another OS or
    .NET). Optional: when crossgen2 cannot be restored, the module is built without them (a warning says so).
    #>
    param([string] $DepsDir, [string] $ModuleDll)
    if ($env:ECSADMIN_NO_READYTORUN) { Write-Host 'ReadyToRun: skipped (ECSADMIN_NO_READYTORUN)'; return }
    $t = Get-ReadyToRunTarget
    Write-Step "ReadyToRun for $($t.Framework)-$($t.Rid) ($($t.Version))"
    $out = Join-Path $DepsDir "r2r/$($t.Framework)-$($t.Rid)"
    # The images depend on the deps, the module, the runtime, PowerShell, crossgen2 and its options (this function):
    # when none changed, the last build's images are copied (crossgen2 takes about 25 s of CPU).
    $inputs = @(Get-ChildItem -LiteralPath $DepsDir -Filter '*.dll' -File) + @(Get-Item -LiteralPath $ModuleDll)
    $key = Get-InputKey -Files $inputs -Extra @($t.Rid, $t.Version, $t.FxDir, $PSVersionTable.PSVersion.ToString(), ${function:Add-ReadyToRun}.ToString())
    if (Restore-StepCache -Step 'r2r' -Key $key -Destination $out) {
        Write-Host 'ReadyToRun: inputs unchanged, the last build''s images reused'
        return
    }
    # A crossgen2 restored before is taken as it is: a restore starts the dotnet CLI (seconds of CPU) to find it there.
    $package = "microsoft.netcore.app.crossgen2.$($t.Rid)/$($t.Version)"
    $file = "tools/crossgen2$(if ($IsWindows) { '.exe' })"
    $tool = Find-NuGetPackageFile -Package $package -File $file
    if (-not $tool) {
        $project = Join-Path $Root 'tools/ReadyToRun/ReadyToRun.csproj'
        $code = Invoke-Native dotnet @('restore', $project, '-nologo', '-v', 'quiet', "-p:Crossgen2Rid=$($t.Rid)", "-p:Crossgen2Version=$($t.Version)") -NoThrow
        if ($code -eq 0) { $tool = Find-NuGetPackageFile -Package $package -File $file }
        if (-not $tool) {
            Write-Warning "ReadyToRun skipped: crossgen2 $($t.Version) for $($t.Rid) could not be restored; the module JIT-compiles its engine on first use."
            return
        }
    }
    $null = New-Item -ItemType Directory -Path $out -Force
    # References: the runtime, PowerShell, the module and the other deps (each simple name once, the runtime's first).
    $byName = [ordered]@{}
    foreach ($f in @(Get-ChildItem -LiteralPath $t.FxDir, $t.PwshDir, $DepsDir -Filter '*.dll' -File) + @(Get-Item -LiteralPath $ModuleDll)) {
        if (-not $byName.Contains($f.BaseName)) { $byName[$f.BaseName] = $f.FullName }
    }
    # --opt-cross-module and --non-local-generics-module let each image hold the framework's generic code it
    # instantiates over its own types (async state machines, List<T> of our structs) and inline across modules:
    # without them the first call JIT-compiles a few hundred such methods. The runtime checks the inlined IL
    # against the framework it runs on and falls back to the JIT for any method whose inlinee changed.
    $crossModule = @('--opt-cross-module:*', '--non-local-generics-module:*')
    foreach ($name in 'EcsAdmin.Engine', 'EcsAdmin.Exec', 'AWSSDK.Core') {
        $refs = foreach ($k in $byName.Keys) { if ($k -ne $name) { '-r'; $byName[$k] } }
        $null = Invoke-Native $tool (@((Join-Path $DepsDir "$name.dll"), '-o', (Join-Path $out "$name.dll"), '-O', "--targetos:$($t.Os)", "--targetarch:$($t.Arch)") + $crossModule + @($refs))
    }
    Save-StepCache -Step 'r2r' -Key $key -Files @(Get-ChildItem -LiteralPath $out -File)
}

function Invoke-Compile {
    <#
    Compiles the sources into obj/stage/<configuration>/: one `dotnet publish` of the engine, which builds the module
    and the exec client through its project references (restored and compiled once), and a copy of EcsAdmin.dll
    (a reference the engine does not ship: Private=false).
    #>
    $engineStage = Join-Path $StageRoot 'EcsAdmin.Engine'
    $moduleStage = Join-Path $StageRoot 'EcsAdmin'
    foreach ($d in $moduleStage, $engineStage) {
        if (Test-Path -LiteralPath $d) { Remove-Item -LiteralPath $d -Recurse -Force }
    }
    $null = Invoke-Native dotnet @('publish', (Join-Path $Root 'src/EcsAdmin.Engine/EcsAdmin.Engine.csproj'), '-o', $engineStage,
        '-c', $Configuration, "-p:ModuleVersion=$Version", '-nologo', '-v', 'minimal')
    $moduleDll = Join-Path $Root "src/EcsAdmin/bin/$Configuration/netstandard2.0/EcsAdmin.dll"
    if (-not (Test-Path -LiteralPath $moduleDll)) { throw "The engine's publish did not build $moduleDll" }
    $null = New-Item -ItemType Directory -Path $moduleStage -Force
    Copy-Item -LiteralPath $moduleDll -Destination $moduleStage
}

function Invoke-Build {
    # The build's processes (dotnet, crossgen2, the help generator) run in the build environment
    # (tools/BuildEnvironment.ps1); whatever runs after the build (demo, bench) runs in the caller's. A whole build
    # ends the servers it started; the halves (-Phase) leave them to tests/Invoke-Tests.ps1, which runs more builds.
    $saved = Set-BuildEnvironment
    try {
        Invoke-BuildPhase
    } finally {
        if ($Phase -eq 'All') { Stop-BuildServer }
        Restore-BuildEnvironment $saved
    }
}

function Invoke-BuildPhase {
    Write-Step "Build EcsAdmin $Version ($Configuration)"
    if ($Phase -ne 'Assemble') { Invoke-Compile }
    if ($Phase -eq 'Compile') { return }
    $moduleStage = Join-Path $StageRoot 'EcsAdmin'
    $engineStage = Join-Path $StageRoot 'EcsAdmin.Engine'
    if (-not (Test-Path -LiteralPath (Join-Path $moduleStage 'EcsAdmin.dll'))) {
        throw "Nothing compiled in $StageRoot. Run: dotnet pwsh -NoProfile ./build.ps1 -Task Build"
    }

    if (Test-Path -LiteralPath $ModuleOut) { Remove-Item -LiteralPath $ModuleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleOut -Force
    $depsOut = New-Item -ItemType Directory -Path (Join-Path $ModuleOut 'deps') -Force

    Copy-Item -LiteralPath $ManifestPath -Destination $ModuleOut
    Copy-Item -LiteralPath (Join-Path $moduleStage 'EcsAdmin.dll') -Destination $ModuleOut
    # One format file, merged from the per-area view files in src/EcsAdmin/Formats (each holds <View> elements).
    $views = Get-ChildItem -LiteralPath (Join-Path $Root 'src/EcsAdmin/Formats') -Filter '*.ps1xml' -File | Sort-Object Name
    $merged = [System.Text.StringBuilder]::new()
    $null = $merged.AppendLine('<?xml version="1.0" encoding="utf-8"?>').AppendLine('<Configuration>').AppendLine('  <ViewDefinitions>')
    foreach ($v in $views) {
        [xml]$doc = Get-Content -LiteralPath $v.FullName -Raw
        foreach ($node in $doc.SelectNodes('//View')) { $null = $merged.AppendLine($node.OuterXml) }
    }
    $null = $merged.AppendLine('  </ViewDefinitions>').AppendLine('</Configuration>')
    [System.IO.File]::WriteAllText((Join-Path $ModuleOut 'EcsAdmin.format.ps1xml'), $merged.ToString())
    $types = Join-Path $Root 'src/EcsAdmin/EcsAdmin.types.ps1xml'
    if (Test-Path -LiteralPath $types) { Copy-Item -LiteralPath $types -Destination $ModuleOut }
    foreach ($f in Get-ChildItem -LiteralPath $engineStage -File) {
        if (Test-DepsFile $f) { Copy-Item -LiteralPath $f.FullName -Destination $depsOut.FullName }
    }

    # The MAML help and the ReadyToRun images need only the files above, not each other (the help generator imports
    # the module, which loads no engine assembly): the help is made in its own process while crossgen2 runs here.
    Write-Step 'Generate MAML help'
    $helpOut = Join-Path $ModuleOut 'en-US'
    # The help depends on the built module (its cmdlet metadata), the markdown and the generator: when none changed,
    # the last build's help is copied (the generator takes about 13 s of CPU in two pwsh processes).
    $helpInputs = @(Get-ChildItem -LiteralPath $ModuleOut -File) + @(Get-ChildItem -LiteralPath $depsOut.FullName -Filter '*.dll' -File) +
        @(Get-ChildItem -LiteralPath (Join-Path $Root 'docs/cmdlets'), (Join-Path $Root 'tools/HelpGen') -File -Recurse)
    $helpKey = Get-InputKey -Files $helpInputs -Extra @($PSVersionTable.PSVersion.ToString())
    $helpProcess = $null
    if (Restore-StepCache -Step 'maml' -Key $helpKey -Destination $helpOut) {
        Write-Host 'MAML help: inputs unchanged, the last build''s help reused'
    } else {
        $helpProcess = Start-FreshPwsh (Join-Path $Root 'tools/HelpGen/New-EcsMamlHelp.ps1') @(
            '-ModulePath', (Join-Path $ModuleOut 'EcsAdmin.psd1'),
            '-DocsPath', (Join-Path $Root 'docs/cmdlets'),
            '-OutputPath', $helpOut, '-InThisProcess')
    }

    try {
        Add-ReadyToRun -DepsDir $depsOut.FullName -ModuleDll (Join-Path $ModuleOut 'EcsAdmin.dll')
    } finally {
        if ($helpProcess) { $helpProcess.WaitForExit() }
    }

    if ($helpProcess) {
        $code = $helpProcess.ExitCode
        if ($code -ne 0) {
            # Not fatal: a module that does not import (or lacks docs) is reported by the Pester tests, per cmdlet.
            Write-Warning "Help generation failed (exit code $code): the module has no MAML help. See the errors above."
        } else {
            Save-StepCache -Step 'maml' -Key $helpKey -Files @(Get-ChildItem -LiteralPath $helpOut -File)
        }
    }

    # Conceptual help (about_*.help.txt) ships beside the MAML help.
    $null = New-Item -ItemType Directory -Path $helpOut -Force
    Get-ChildItem -LiteralPath (Join-Path $Root 'docs/about') -Filter 'about_*.help.txt' -File -ErrorAction SilentlyContinue |
        Copy-Item -Destination $helpOut

    Write-Host "Built module: $ModuleOut"
    Join-Path $ModuleOut 'EcsAdmin.psd1'
}

function Invoke-Test {
    # The test runner (tests/Invoke-Tests.ps1 -AssembleModule) builds the module in two halves (-Phase Compile, then
    # -Phase Assemble beside the solution build) and runs xUnit and Pester as soon as each one's inputs exist; its
    # last line is `N passed, N failed` and its exit code says whether anything failed.
    & (Join-Path $Root 'tests/Invoke-Tests.ps1') -ModulePath (Join-Path $ModuleOut 'EcsAdmin.psd1') -Configuration $Configuration -Suite $Suite -AssembleModule
    exit $LASTEXITCODE
}

function Invoke-Demo {
    $psd1 = Invoke-Build
    $env:EcsAdminTestModulePath = $psd1
    $code = Invoke-FreshPwsh (Join-Path $Root 'tools/demo.ps1') @('-ModulePath', $psd1)
    if ($code -ne 0) { Write-Host "demo exited with code $code"; exit $code }
}

function Invoke-Bench {
    $psd1 = Invoke-Build
    $code = Invoke-FreshPwsh (Join-Path $Root 'tools/bench.ps1') @('-ModulePath', $psd1)
    if ($code -ne 0) { Write-Host "bench exited with code $code"; exit $code }
}

function Get-ReleaseNotes([string] $ForVersion) {
    # The section of CHANGELOG.md headed `## [<version>]` (Keep a Changelog style), without its heading.
    $path = Join-Path $Root 'CHANGELOG.md'
    if (-not (Test-Path -LiteralPath $path)) { return "EcsAdmin $ForVersion" }
    $lines = Get-Content -LiteralPath $path
    $out = [System.Collections.Generic.List[string]]::new()
    $inSection = $false
    foreach ($l in $lines) {
        if ($l -match '^##\s+\[?([^\]\s]+)\]?') {
            if ($inSection) { break }
            $inSection = ($Matches[1] -eq $ForVersion)
            continue
        }
        if ($inSection) { $out.Add($l) }
    }
    $text = ($out -join "`n").Trim()
    if (-not $text) { return "EcsAdmin $ForVersion" }
    $text
}

function Invoke-Package {
    if (-not $SkipBuild -or -not (Test-Path -LiteralPath (Join-Path $ModuleOut 'EcsAdmin.dll'))) { $null = Invoke-Build }
    Write-Step 'Package'
    $packages = Join-Path $OutRoot 'packages'
    $null = New-Item -ItemType Directory -Path $packages -Force
    Get-ChildItem -LiteralPath $packages -Filter "EcsAdmin.$Version.nupkg" -ErrorAction SilentlyContinue | Remove-Item -Force

    # Publish-PSResource wants the folder name to equal the module name: stage a copy as <tmp>/EcsAdmin.
    $tmp = Join-Path ([IO.Path]::GetTempPath()) ("ecsadmin-pkg-" + [guid]::NewGuid().ToString('N'))
    $stage = Join-Path $tmp 'EcsAdmin'
    $repoDir = Join-Path $tmp 'repo'
    $null = New-Item -ItemType Directory -Path $repoDir -Force
    Copy-Item -LiteralPath $ModuleOut -Destination $stage -Recurse
    foreach ($doc in 'LICENSE', 'CHANGELOG.md') {
        $src = Join-Path $Root $doc
        if (Test-Path -LiteralPath $src) { Copy-Item -LiteralPath $src -Destination $stage }
    }

    # Release notes: the current version's CHANGELOG section, written into the staged manifest copy.
    $notes = Get-ReleaseNotes $Version
    $manifestCopy = Join-Path $stage 'EcsAdmin.psd1'
    $text = Get-Content -LiteralPath $manifestCopy -Raw
    $escaped = $notes.Replace("'", "''")
    $pattern = "ReleaseNotes\s*=\s*'(?:[^']|'')*'"
    if ($text -notmatch $pattern) { throw 'EcsAdmin.psd1 has no ReleaseNotes entry under PrivateData.PSData' }
    $text = [regex]::Replace($text, $pattern, { param($m) "ReleaseNotes = '$escaped'" }, 'Singleline')
    Set-Content -LiteralPath $manifestCopy -Value $text -Encoding utf8NoBOM
    $null = Test-ModuleManifest -Path $manifestCopy

    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    $repoName = 'EcsAdminLocal-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    Register-PSResourceRepository -Name $repoName -Uri $repoDir -Trusted
    try {
        Publish-PSResource -Path $stage -Repository $repoName -SkipDependenciesCheck
        $nupkg = Get-ChildItem -LiteralPath $repoDir -Filter '*.nupkg' | Select-Object -First 1
        if (-not $nupkg) { throw "Publish-PSResource wrote no .nupkg into $repoDir" }
        $dest = Join-Path $packages $nupkg.Name
        Copy-Item -LiteralPath $nupkg.FullName -Destination $dest -Force
        Write-Host "Package: $dest"
    } finally {
        Unregister-PSResourceRepository -Name $repoName -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue
    }
}

switch ($Task) {
    'Clean' { Invoke-Clean }
    'Generate' { Invoke-Generate }
    'Build' { $null = Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Package' { Invoke-Package }
}
