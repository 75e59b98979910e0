# Helpers for the Pester suite: the module under test, moto_server, fake AWS environment, a recording /
# fault-injecting proxy, and fresh pwsh processes. Import with:
#   Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
Set-StrictMode -Version Latest

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath

function Get-EcsAdminRepoRoot {
    <# The repository root (two levels above tests/pester). #>
    $script:RepoRoot
}

function Get-EcsAdminModulePath {
    <# The built manifest under test: $env:EcsAdminTestModulePath, else out/EcsAdmin/<version>/EcsAdmin.psd1. #>
    if ($env:EcsAdminTestModulePath) { return $env:EcsAdminTestModulePath }
    $version = (Import-PowerShellDataFile (Join-Path $script:RepoRoot 'EcsAdmin.psd1')).ModuleVersion
    Join-Path $script:RepoRoot "out/EcsAdmin/$version/EcsAdmin.psd1"
}

function Import-EcsAdminUnderTest {
    <# Imports the built module into the global scope (once per process; a binary module cannot be reloaded). #>
    [CmdletBinding()]
    param([switch] $PassThru,
        # Keep the module's own poll intervals and retry back-off (see Set-EcsAdminTestTiming).
        [switch] $RealTiming)
    $path = Get-EcsAdminModulePath
    if (-not (Test-Path -LiteralPath $path)) {
        throw "Built module not found at $path. Run: dotnet pwsh ./build.ps1 -Task Build"
    }
    $m = Get-Module EcsAdmin
    if (-not $m) { $m = Import-Module $path -Global -PassThru -ErrorAction Stop }
    if (-not $RealTiming) { Set-EcsAdminTestTiming -Module $m }
    if ($PassThru) { $m }
}

function Set-EcsAdminTestTiming {
    <#
    Shortens the module's sleeps in this process, as the xUnit tests do: the first poll of every wait and its cap
    (PollBackoff.Scale; a wait of 3 s, growing to 15 s, becomes 60 ms growing to 300 ms) and the retry back-off
    (AttemptPolicy.BackoffBase, 1 s -> 20 ms). Timeouts (-TimeoutSec, -RequestTimeoutSec) are not changed, so what a
    test asserts about them holds; only the time spent sleeping between polls and attempts goes. -Real restores the
    module's own values. Loads the engine (the first cmdlet call would).
    #>
    [CmdletBinding()]
    param($Module = (Get-Module EcsAdmin), [switch] $Real)
    if (-not $Module) { throw 'Import the module first (Import-EcsAdminUnderTest).' }
    $flags = [Reflection.BindingFlags] 'Static, Public, NonPublic'
    $engine = $Module.ImplementingAssembly.GetType('EcsAdmin.Loader.EngineLoader', $true).GetProperty('Engine', $flags).GetValue($null)
    $assembly = $engine.GetType().Assembly
    $scale = if ($Real) { 1.0 } else { 0.02 }
    $backoff = if ($Real) { [TimeSpan]::FromSeconds(1) } else { [TimeSpan]::FromMilliseconds(20) }
    $assembly.GetType('EcsAdmin.Engine.Operations.PollBackoff', $true).GetProperty('Scale', $flags).SetValue($null, [double] $scale)
    $assembly.GetType('EcsAdmin.Engine.Aws.Client.AttemptPolicy', $true).GetProperty('BackoffBase', $flags).SetValue($null, $backoff)
}

function Get-FreeTcpPort {
    <# A TCP port on 127.0.0.1 that was free a moment ago. #>
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $l.Start()
    try { $l.LocalEndpoint.Port } finally { $l.Stop() }
}

function Get-PwshCommand {
    <# The command line (exe + leading args) that starts a fresh PowerShell of this same build. #>
    $processPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        return , @($processPath, ([Environment]::GetCommandLineArgs()[0]))
    }
    , @($processPath)
}

function Invoke-FreshPwsh {
    <#
    .SYNOPSIS
        Runs a command in a new `pwsh -NoProfile -NonInteractive` and returns { ExitCode; Output (string[]) }.
        Output is stdout and stderr merged. Environment variables of this process are inherited.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Command)
    $cmd = Get-PwshCommand
    $pre = @($cmd | Select-Object -Skip 1)
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes('$PSStyle.OutputRendering = ''PlainText''; ' + $Command))
    # ANSI sequences and other control characters are stripped: they break XML test reports.
    $out = & $cmd[0] @pre -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 |
        ForEach-Object { ("$_" -replace '\x1B\[[0-9;?]*[ -/]*[@-~]', '') -replace '[\x00-\x08\x0B\x0C\x0E-\x1F]', '' }
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($out) }
}

function Format-FailureLine {
    # One line of a test summary: what failed and the start of its message (white space folded, at most 400
    # characters), or what failed alone when there is no message.
    param([Parameter(Mandatory)] [string] $What, [string] $Message)
    $text = ("$Message" -replace '\s+', ' ').Trim()
    if ($text.Length -gt 400) { $text = $text.Substring(0, 400) + '...' }
    if ($text) { "${What}: $text" } else { $What }
}

function Get-WhatIfText {
    <#
    What a script block tells the user on the host (-WhatIf text is written to the host, not to a stream), read back
    from a transcript of this process: no fresh pwsh needed. Its output is discarded; its errors stay errors.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [scriptblock] $Script)
    $file = Join-Path ([IO.Path]::GetTempPath()) ('ecsadmin-whatif-' + [guid]::NewGuid().ToString('N') + '.txt')
    Start-Transcript -LiteralPath $file -Force | Out-Null
    try { & $Script | Out-Null } finally { Stop-Transcript | Out-Null }
    try { Get-Content -LiteralPath $file -Raw } finally { Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue }
}

# ------------------------------------------------------------------------------------------ moto
# One moto per Pester run: the suite runner (Invoke-PesterSuite.ps1) calls Enable-SharedMotoServer, and the first
# Start-MotoServer of that process starts a moto that later calls reuse. It is named in environment variables, so
# it survives the `Import-Module TestHelpers.psm1 -Force` at the top of each file. Start-MotoServer lends it, reset,
# to one caller at a time and Stop-MotoServer gives it back (reset again) instead of killing it; a second
# Start-MotoServer while it is lent out, -Dedicated, -Port or -LogPath, and any other process (a fresh pwsh started
# by a test) start a moto of their own, as before. Stop-SharedMotoServer (the runner, at the end) stops it.
$script:SharedOwnerVariable = 'EcsAdminTestMotoOwner'
$script:SharedUrlVariable = 'EcsAdminTestMotoUrl'
$script:SharedPidVariable = 'EcsAdminTestMotoPid'
$script:SharedLentVariable = 'EcsAdminTestMotoLent'

function Start-MotoProcess {
    # Starts moto_server on a free port (a port taken meanwhile by another process is retried) and waits for it.
    param([int] $Port, [int] $TimeoutSec, [string] $LogPath)
    $exe = Get-Command moto_server -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $exe) { throw 'moto_server is not on PATH (it comes with the machine''s Python: pip package moto[server]).' }
    $fixedPort = $Port -gt 0
    $attempt = 0
    while ($true) {
        $attempt++
        $p = if ($fixedPort) { $Port } else { Get-FreeTcpPort }
        $log = $LogPath
        if (-not $log) {
            $dir = Join-Path $script:RepoRoot 'out/test-results/moto'
            $null = New-Item -ItemType Directory -Path $dir -Force
            $log = Join-Path $dir "moto-$p.log"
        }
        try {
            return Wait-MotoProcess -Exe $exe.Source -Port $p -TimeoutSec $TimeoutSec -LogPath $log
        } catch [System.InvalidOperationException] {
            # moto exited before answering: most likely the port was taken between the probe and the bind.
            if ($fixedPort -or $attempt -ge 3) { throw }
        }
    }
}

function Get-MotoEnvironment {
    <#
    Settings every moto of the tests starts with, unless the caller's environment sets them itself.
    MOTO_EC2_LOAD_DEFAULT_AMIS=false: moto's EC2 backend otherwise builds its ~80,000 default images each time it is
    created (the first EC2 request after every reset), about half of moto's CPU in the EC2-heavy files. The tests
    name their image ids themselves, and moto's RunInstances takes any id (it validates none by default).
    #>
    $settings = @{}
    if (-not $env:MOTO_EC2_LOAD_DEFAULT_AMIS) { $settings['MOTO_EC2_LOAD_DEFAULT_AMIS'] = 'false' }
    $settings
}

function Wait-MotoProcess {
    param([string] $Exe, [int] $Port, [int] $TimeoutSec, [string] $LogPath)
    $errPath = "$LogPath.err"
    $proc = Start-Process -FilePath $Exe -ArgumentList @('-H', '127.0.0.1', '-p', "$Port") -Environment (Get-MotoEnvironment) `
        -RedirectStandardOutput $LogPath -RedirectStandardError $errPath -PassThru
    $server = [pscustomobject]@{
        Url     = "http://127.0.0.1:$Port"
        Port    = $Port
        Process = $proc
        LogPath = $LogPath
        Shared  = $false
    }
    $client = [System.Net.Http.HttpClient]::new()
    $client.Timeout = [TimeSpan]::FromSeconds(2)
    try {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        while ($true) {
            if ($proc.HasExited) {
                $text = (Get-Content -LiteralPath $errPath, $LogPath -Raw -ErrorAction SilentlyContinue) -join "`n"
                throw [System.InvalidOperationException]::new("moto_server exited with code $($proc.ExitCode) before answering on port ${Port}:`n$text")
            }
            try {
                $r = $client.GetAsync("$($server.Url)/moto-api/").GetAwaiter().GetResult()
                $code = [int] $r.StatusCode
                $r.Dispose()
                if ($code -lt 500) { break }
            } catch {
                $null = $_  # not listening yet
            }
            if ([DateTime]::UtcNow -gt $deadline) {
                Stop-MotoServer -Server $server
                throw "moto_server did not answer on $($server.Url)/moto-api/ within $TimeoutSec s (log: $LogPath)"
            }
            Start-Sleep -Milliseconds 100
        }
    } finally {
        $client.Dispose()
    }
    $server
}

function Test-SharedMotoEnabled {
    [Environment]::GetEnvironmentVariable($script:SharedOwnerVariable) -eq [string] $PID
}

function Get-SharedMotoServer {
    # The shared moto as a server object, or $null when there is none (or it is no longer running).
    $url = [Environment]::GetEnvironmentVariable($script:SharedUrlVariable)
    $procId = [Environment]::GetEnvironmentVariable($script:SharedPidVariable)
    if (-not $url -or -not $procId) { return $null }
    try { $proc = [System.Diagnostics.Process]::GetProcessById([int] $procId) } catch { return $null }
    if ($proc.HasExited) { return $null }
    $port = ([uri] $url).Port
    [pscustomobject]@{
        Url     = $url
        Port    = $port
        Process = $proc
        LogPath = Join-Path $script:RepoRoot "out/test-results/moto/moto-$port.log"
        Shared  = $true
    }
}

function Start-MotoServer {
    <#
    .SYNOPSIS
        A moto_server on 127.0.0.1 with empty state, once /moto-api/ answers: the run's shared instance (reset)
        when the suite runner enabled one and it is not lent out, otherwise a new
        `moto_server -H 127.0.0.1 -p <free port>`.
    .PARAMETER Dedicated
        Always start a process of its own (also implied by -Port or -LogPath, and by any MOTO_* environment
        variable, since moto reads those from its own environment).
    .OUTPUTS
        [pscustomobject] @{ Url = 'http://127.0.0.1:<port>'; Port; Process; LogPath; Shared }
    #>
    [CmdletBinding()]
    param(
        [int] $Port = 0,
        [int] $TimeoutSec = 30,
        [string] $LogPath,
        [switch] $Dedicated
    )
    # moto reads its MOTO_* settings (e.g. MOTO_ECS_SERVICE_RUNNING) from its own environment when it answers, so a
    # file that sets one needs a process started with it: the shared instance never sees such settings.
    $motoSettings = @(Get-ChildItem Env: | Where-Object { $_.Name -like 'MOTO_*' -and $_.Value })
    if (-not $Dedicated -and $Port -le 0 -and -not $LogPath -and $motoSettings.Count -eq 0 -and (Test-SharedMotoEnabled) -and
        -not [Environment]::GetEnvironmentVariable($script:SharedLentVariable)) {
        $shared = Get-SharedMotoServer
        if ($shared) {
            Reset-MotoServer -Server $shared
        } else {
            $shared = Start-MotoProcess -Port 0 -TimeoutSec ([Math]::Max($TimeoutSec, 60)) -LogPath ''
            $shared.Shared = $true
            [Environment]::SetEnvironmentVariable($script:SharedUrlVariable, $shared.Url)
            [Environment]::SetEnvironmentVariable($script:SharedPidVariable, [string] $shared.Process.Id)
        }
        [Environment]::SetEnvironmentVariable($script:SharedLentVariable, '1')
        return $shared
    }
    Start-MotoProcess -Port $Port -TimeoutSec $TimeoutSec -LogPath $LogPath
}

function Stop-MotoServer {
    <#
    .SYNOPSIS
        Kills a moto_server process tree; the run's shared instance is only reset and given back. Safe to call with
        $null, twice, or after it exited.
    #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Server)
    process {
        if ($null -eq $Server) { return }
        if ($Server.PSObject.Properties['Shared'] -and $Server.Shared) {
            [Environment]::SetEnvironmentVariable($script:SharedLentVariable, $null)
            try { Reset-MotoServer -Server $Server } catch { Write-Verbose "Stop-MotoServer: $_" }
            return
        }
        $proc = $Server.Process
        if ($null -eq $proc) { return }
        try {
            if (-not $proc.HasExited) {
                $proc.Kill($true)
                $null = $proc.WaitForExit(10000)
            }
        } catch {
            Write-Verbose "Stop-MotoServer: $_"
        }
    }
}

function Enable-SharedMotoServer {
    <# Lets Start-MotoServer in this process (not its children) share one moto; the suite runner calls this. #>
    [CmdletBinding()]
    param()
    [Environment]::SetEnvironmentVariable($script:SharedOwnerVariable, [string] $PID)
    [Environment]::SetEnvironmentVariable($script:SharedLentVariable, $null)
}

function Reset-SharedMotoServerLoan {
    <# Marks the shared moto as free again (the runner calls this between files: a file may not have stopped it). #>
    [CmdletBinding()]
    param()
    [Environment]::SetEnvironmentVariable($script:SharedLentVariable, $null)
}

function Stop-SharedMotoServer {
    <# Stops the shared moto, if one was started, and turns sharing off. #>
    [CmdletBinding()]
    param()
    $shared = Get-SharedMotoServer
    foreach ($n in $script:SharedOwnerVariable, $script:SharedUrlVariable, $script:SharedPidVariable, $script:SharedLentVariable) {
        [Environment]::SetEnvironmentVariable($n, $null)
    }
    if ($shared) {
        try {
            $shared.Process.Kill($true)
            $null = $shared.Process.WaitForExit(10000)
        } catch {
            Write-Verbose "Stop-SharedMotoServer: $_"
        }
    }
}

function Reset-MotoServer {
    <# Clears all of moto's state (POST /moto-api/reset). Accepts the Start-MotoServer object or a URL. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Server)
    process {
        $url = if ($Server -is [string]) { $Server } else { $Server.Url }
        $null = Invoke-RestMethod -Method Post -Uri "$($url.TrimEnd('/'))/moto-api/reset" -TimeoutSec 30
    }
}

# ------------------------------------------------------------------------------------------ environment

$script:AwsVariables = @(
    'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION',
    'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_EC2_METADATA_DISABLED', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN'
)

function Set-FakeAwsEnvironment {
    <#
    .SYNOPSIS
        Points this process's AWS settings at fake credentials and a local endpoint; ~/.aws is never read.
    .DESCRIPTION
        Sets AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (documentation example keys), AWS_REGION and
        AWS_DEFAULT_REGION, AWS_ENDPOINT_URL, AWS_EC2_METADATA_DISABLED=true; points AWS_CONFIG_FILE and
        AWS_SHARED_CREDENTIALS_FILE at empty temp files (or the given content); removes AWS_PROFILE,
        AWS_SESSION_TOKEN, container / web-identity variables and every AWS_ENDPOINT_URL_<SERVICE>.
    .OUTPUTS
        A snapshot for Restore-AwsEnvironment: @{ Saved = <hashtable of previous values>; ConfigFile; CredentialsFile }
    #>
    [CmdletBinding()]
    param(
        [string] $EndpointUrl,
        [string] $Region = 'us-east-1',
        [string] $AccessKeyId = 'AKIAIOSFODNN7EXAMPLE',
        [string] $SecretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        [string] $ConfigContent = '',
        [string] $CredentialsContent = ''
    )
    $saved = @{}
    $names = @($script:AwsVariables) + @(Get-ChildItem Env: | Where-Object Name -Like 'AWS_ENDPOINT_URL_*' | ForEach-Object Name)
    foreach ($n in $names) { $saved[$n] = [Environment]::GetEnvironmentVariable($n) }

    $dir = Join-Path ([IO.Path]::GetTempPath()) ('ecsadmin-aws-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $dir -Force
    $config = Join-Path $dir 'config'
    $creds = Join-Path $dir 'credentials'
    Set-Content -LiteralPath $config -Value $ConfigContent -NoNewline
    Set-Content -LiteralPath $creds -Value $CredentialsContent -NoNewline

    foreach ($n in $names) { Remove-Item -LiteralPath "Env:$n" -ErrorAction SilentlyContinue }
    $env:AWS_ACCESS_KEY_ID = $AccessKeyId
    $env:AWS_SECRET_ACCESS_KEY = $SecretAccessKey
    $env:AWS_REGION = $Region
    $env:AWS_DEFAULT_REGION = $Region
    $env:AWS_CONFIG_FILE = $config
    $env:AWS_SHARED_CREDENTIALS_FILE = $creds
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    if ($EndpointUrl) { $env:AWS_ENDPOINT_URL = $EndpointUrl }
    [pscustomobject]@{ Saved = $saved; ConfigFile = $config; CredentialsFile = $creds; Directory = $dir }
}

function Restore-AwsEnvironment {
    <# Puts back the variables saved by Set-FakeAwsEnvironment and deletes its temp files. #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Snapshot)
    process {
        if ($null -eq $Snapshot) { return }
        foreach ($k in $Snapshot.Saved.Keys) {
            # PowerShell turns $null into '' for a [string] argument, so unset variables are removed instead.
            if ($null -eq $Snapshot.Saved[$k]) { Remove-Item -LiteralPath "Env:$k" -ErrorAction SilentlyContinue }
            else { Set-Item -LiteralPath "Env:$k" -Value $Snapshot.Saved[$k] }
        }
        Remove-Item -LiteralPath $Snapshot.Directory -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# ------------------------------------------------------------------------------------------ recording proxy

function Add-CachedType {
    <#
    Compiles C# test code once per source version: Add-Type costs seconds of CPU in every process, so the assembly is
    kept in out/test-cache, named by a hash of the source and references (a changed source compiles anew), written
    under a temporary name and renamed when complete; later processes load it. Nothing happens when -TypeName is
    already loaded.
    #>
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $Source,
        # A type the source defines: present means already loaded.
        [Parameter(Mandatory)] [string] $TypeName,
        [string[]] $ReferencedAssemblies = @()
    )
    if ($TypeName -as [type]) { return }
    $compile = @{ TypeDefinition = $Source; Language = 'CSharp' }
    if ($ReferencedAssemblies) { $compile.ReferencedAssemblies = $ReferencedAssemblies }
    $key = $Source + "`n" + ($ReferencedAssemblies -join ',') + "`n" + $PSVersionTable.PSVersion
    $hash = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($key))).Substring(0, 16)
    $cache = Join-Path $script:RepoRoot 'out/test-cache'
    $dll = Join-Path $cache "$Name.$hash.dll"
    if (-not (Test-Path -LiteralPath $dll)) {
        $null = New-Item -ItemType Directory -Path $cache -Force
        $tmp = Join-Path $cache ("$Name.$hash." + [guid]::NewGuid().ToString('N') + '.tmp.dll')
        try {
            Add-Type @compile -OutputAssembly $tmp -OutputType Library -ErrorAction Stop
            Move-Item -LiteralPath $tmp -Destination $dll -Force
        } catch {
            # No cache (read-only tree, a race on the rename): compile into memory as before.
            Remove-Item -LiteralPath $tmp -Force -ErrorAction SilentlyContinue
            if (-not ($TypeName -as [type])) { Add-Type @compile -ErrorAction Stop }
            return
        }
    }
    if (-not ($TypeName -as [type])) { Add-Type -LiteralPath $dll -ErrorAction Stop }
}

function Initialize-RecordingProxyType {
    Add-CachedType -Name RecordingProxy -TypeName 'EcsAdminTest.RecordingProxy' -Source (Get-Content -LiteralPath (Join-Path $PSScriptRoot 'RecordingProxy.cs') -Raw)
}

function Start-RecordingProxy {
    <#
    .SYNOPSIS
        Starts an HTTP proxy on 127.0.0.1:<free port> that forwards to -Upstream and records each request.
    .DESCRIPTION
        Point the module at $proxy.Url (AWS_ENDPOINT_URL or -EndpointUrl) instead of moto's URL. Returns the
        [EcsAdminTest.RecordingProxy] object:
          .Url, .Port, .Upstream, .IsRunning
          .Requests            all recorded [EcsAdminTest.ProxyRequest] (Sequence, Time, Method, Path, Target,
                               Service, Operation, Body, StatusCode, Faulted, Error, IsMutating)
          .MutatingRequests    those whose operation changes state (not Describe/List/Get/Filter...)
          .GetRequests(op)     .Count(op)     .Clear()
          .AddFault(op, status, errorCode, message, count, delayMs)   .ClearFaults()
          .WaitIdle(ms)        .Stop()
    .PARAMETER Upstream
        A URL, or the object from Start-MotoServer.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Upstream,
        [int] $Port = 0
    )
    Initialize-RecordingProxyType
    $url = if ($Upstream -is [string]) { $Upstream } else { $Upstream.Url }
    $attempts = 0
    while ($true) {
        $p = if ($Port -gt 0) { $Port } else { Get-FreeTcpPort }
        try {
            return [EcsAdminTest.RecordingProxy]::new($url, $p)
        } catch {
            $attempts++
            if ($Port -gt 0 -or $attempts -ge 5) { throw }
        }
    }
}

function Stop-RecordingProxy {
    <# Stops the proxy (idempotent; $null is fine). #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Proxy)
    process { if ($null -ne $Proxy) { $Proxy.Stop() } }
}

function Get-RecordedRequest {
    <# The proxy's recorded requests, optionally for one operation or only the mutating ones. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Proxy,
        [string] $Operation,
        [switch] $Mutating
    )
    $null = $Proxy.WaitIdle(5000)
    $r = if ($Operation) { $Proxy.GetRequests($Operation) } else { $Proxy.Requests }
    if ($Mutating) { $r = @($r | Where-Object IsMutating) }
    $r
}

function Add-ProxyFault {
    <#
    .SYNOPSIS
        Makes the proxy answer the next -Count requests for -Operation ('*' = any) with an AWS JSON error, or
        only delay them (-StatusCode 0 with -DelayMs). -Count -1: every request until Clear-ProxyFault.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Proxy,
        [string] $Operation = '*',
        [int] $StatusCode = 400,
        [string] $ErrorCode = 'ThrottlingException',
        [string] $Message = 'Rate exceeded (injected by the test proxy)',
        [int] $Count = 1,
        [int] $DelayMs = 0
    )
    $Proxy.AddFault($Operation, $StatusCode, $ErrorCode, $Message, $Count, $DelayMs)
}

function Clear-ProxyFault {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Proxy)
    $Proxy.ClearFaults()
}

# ------------------------------------------------------------------------------------------ one backend per file

function Start-EcsAdminTestBackend {
    <#
    .SYNOPSIS
        A file's whole set-up in one call: moto (the run's shared one when it is free), the recording proxy in front of
        it, this process's AWS settings pointed at the proxy (Set-FakeAwsEnvironment), and the module under test
        imported (Import-EcsAdminUnderTest). Stop-EcsAdminTestBackend undoes it all.
    .PARAMETER MotoSetting
        MOTO_* variables the moto must start with (e.g. @{ MOTO_ECS_SERVICE_RUNNING = '2' }): such a moto is a process
        of its own (see Start-MotoServer); the variables are set only while it starts.
    .PARAMETER NoProxy
        Point the AWS settings at moto itself; Proxy is then $null.
    .OUTPUTS
        [pscustomobject] @{ Moto; Proxy; Url (what AWS_ENDPOINT_URL names); Environment (the Set-FakeAwsEnvironment snapshot) }
    #>
    [CmdletBinding()]
    param(
        [hashtable] $MotoSetting = @{},
        [switch] $NoProxy
    )
    $backend = [pscustomobject]@{ Moto = $null; Proxy = $null; Url = $null; Environment = $null }
    try {
        $saved = @{}
        foreach ($name in $MotoSetting.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, [string] $MotoSetting[$name])
        }
        try { $backend.Moto = Start-MotoServer }
        finally {
            # PowerShell passes $null to a .NET string parameter as '', so a variable that was not set is removed.
            foreach ($name in $saved.Keys) {
                if ($null -eq $saved[$name]) { Remove-Item -LiteralPath "Env:$name" -ErrorAction SilentlyContinue }
                else { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
        }
        if (-not $NoProxy) { $backend.Proxy = Start-RecordingProxy -Upstream $backend.Moto }
        $backend.Url = if ($backend.Proxy) { $backend.Proxy.Url } else { $backend.Moto.Url }
        $backend.Environment = Set-FakeAwsEnvironment -EndpointUrl $backend.Url
        Import-EcsAdminUnderTest
    } catch {
        Stop-EcsAdminTestBackend -Backend $backend
        throw
    }
    $backend
}

function Stop-EcsAdminTestBackend {
    <# Undoes Start-EcsAdminTestBackend: restores the AWS settings, stops the proxy, stops (or gives back) moto. Idempotent; $null is fine. #>
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Backend)
    process {
        if ($null -eq $Backend) { return }
        Restore-AwsEnvironment -Snapshot $Backend.Environment
        $Backend.Environment = $null
        Stop-RecordingProxy -Proxy $Backend.Proxy
        Stop-MotoServer -Server $Backend.Moto
    }
}

# ------------------------------------------------------------------------------------------ exec test server
# Built once, started from its dll: the test runner (tests/Invoke-Tests.ps1) builds the solution while the Pester
# files run, names the dll in $env:EcsAdminExecTestServerPath and writes 'ok' (or why not) into the file named by
# $env:EcsAdminExecTestServerReady when the build is done. Without them, the Release dll under
# tests/EcsAdmin.ExecTestServer/bin is used, built first when it is missing or older than its sources.

function Get-ExecTestServerPath {
    <# The exec test server's dll, built (dotnet build -c Release) if missing or older than its sources. #>
    [CmdletBinding()]
    param([int] $WaitMinutes = 20)
    $ready = $env:EcsAdminExecTestServerReady
    if ($ready) {
        $deadline = [DateTime]::UtcNow.AddMinutes($WaitMinutes)
        while (-not (Test-Path -LiteralPath $ready)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "The solution build did not finish within $WaitMinutes min ($ready)" }
            Start-Sleep -Milliseconds 250
        }
        $state = (Get-Content -LiteralPath $ready -Raw).Trim()
        if ($state -ne 'ok') { throw "The exec test server was not built: $state" }
    }
    $named = $env:EcsAdminExecTestServerPath
    if ($named -and (Test-Path -LiteralPath $named)) { return $named }
    $root = Get-EcsAdminRepoRoot
    $projectDir = Join-Path $root 'tests/EcsAdmin.ExecTestServer'
    $dll = Join-Path $projectDir 'bin/Release/net10.0/EcsAdmin.ExecTestServer.dll'
    $stale = -not (Test-Path -LiteralPath $dll)
    if (-not $stale) {
        $built = (Get-Item -LiteralPath $dll).LastWriteTimeUtc
        $sources = foreach ($dir in $projectDir, (Join-Path $root 'src/EcsAdmin.Exec')) {
            Get-ChildItem -LiteralPath $dir -Recurse -File -Include '*.cs', '*.csproj' |
                Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
        }
        $stale = [bool] ($sources | Where-Object { $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)
    }
    if ($stale) {
        $out = & dotnet build (Join-Path $projectDir 'EcsAdmin.ExecTestServer.csproj') -c Release -nologo -v quiet 2>&1
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $dll)) {
            throw "Building the exec test server failed (exit code $LASTEXITCODE):`n$($out -join "`n")"
        }
    }
    $env:EcsAdminExecTestServerPath = $dll
    $dll
}

function Start-ExecTestServer {
    # The exec test server in console mode (dotnet <EcsAdmin.ExecTestServer.dll> --port 0 --upstream <url>):
    # ECS ExecuteCommand and SSM TerminateSession, the data channel, other calls forwarded.
    # Its first URL line on stdout is its address. -ArgumentList: more server options (e.g. '--image', 'name=dir').
    # Returns {Url, Process, StdErr}.
    param([Parameter(Mandatory)] [string] $Upstream, [string[]] $ArgumentList = @())
    $dll = Get-ExecTestServerPath
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($dll, '--port', '0', '--upstream', $Upstream) + $ArgumentList) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($psi)
    $stderr = $process.StandardError.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddMinutes(2)
    $url = $null
    while (-not $url -and [DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait([Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalMilliseconds))) { break }
        if ($null -eq $read.Result) { break }
        if ($read.Result -match '^https?://') { $url = $read.Result.Trim().TrimEnd('/') }
    }
    if (-not $url) {
        if (-not $process.HasExited) { $process.Kill($true) }
        throw "The exec test server did not start: $($stderr.Result)"
    }
    [pscustomobject]@{ Url = $url; Process = $process; StdErr = $stderr }
}

function New-BusyBoxImage {
    # A directory standing for a container image (for the exec test server's --image): a static BusyBox and links
    # for its applets; -NoShell keeps only echo and cat (no /bin/sh, as distroless). Removed by the caller.
    param([Parameter(Mandatory)] [string] $Name, [switch] $NoShell)
    if (-not (Test-Path /bin/busybox)) { throw 'These tests need a static BusyBox at /bin/busybox: apt-get install -y busybox-static' }
    $root = Join-Path ([System.IO.Path]::GetTempPath()) "ecsadmin-pester-image-$Name-$PID"
    if (Test-Path $root) { Remove-Item $root -Recurse -Force }
    foreach ($d in 'bin', 'tmp', 'dev') { $null = New-Item -ItemType Directory -Path (Join-Path $root $d) }
    Copy-Item /bin/busybox (Join-Path $root 'bin/busybox')
    foreach ($applet in (& /bin/busybox --list)) {
        if ($applet -eq 'busybox' -or ($NoShell -and $applet -notin 'echo', 'cat')) { continue }
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $root "bin/$applet") -Target 'busybox'
    }
    $root
}

function Stop-ExecTestServer {
    # Closing stdin stops the server; one that does not stop in 5 s is killed. Safe with $null or twice.
    param($Server)
    if (-not $Server -or $Server.Process.HasExited) { return }
    try { $Server.Process.StandardInput.Close() } catch { }
    if (-not $Server.Process.WaitForExit(5000)) { $Server.Process.Kill($true); $null = $Server.Process.WaitForExit(5000) }
}

function New-MotoFargateNetwork {
    # A VPC, subnet and security group in moto's EC2, as Fargate tasks and services need them. The VPC gets DNS host
    # names: moto names a task's network interface only there (RunTask fails otherwise).
    param([Parameter(Mandatory)] [string] $MotoUrl, [string] $Name = 'tasks')
    $headers = @{ Authorization = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=00' }
    $ec2 = {
        param([hashtable] $Body)
        $Body.Version = '2016-11-15'
        [xml] (Invoke-WebRequest -Method Post -Uri $MotoUrl -Body $Body -Headers $headers -ContentType 'application/x-www-form-urlencoded').Content
    }
    $vpc = (& $ec2 @{ Action = 'CreateVpc'; CidrBlock = '10.0.0.0/16' }).CreateVpcResponse.vpc.vpcId
    $null = & $ec2 @{ Action = 'ModifyVpcAttribute'; VpcId = $vpc; 'EnableDnsHostnames.Value' = 'true' }
    $subnet = (& $ec2 @{ Action = 'CreateSubnet'; VpcId = $vpc; CidrBlock = '10.0.1.0/24' }).CreateSubnetResponse.subnet.subnetId
    $sg = (& $ec2 @{ Action = 'CreateSecurityGroup'; VpcId = $vpc; GroupName = $Name; GroupDescription = $Name }).CreateSecurityGroupResponse.groupId
    @{ Subnet = $subnet; SecurityGroup = $sg }
}

function Invoke-MotoJsonApi {
    # A raw awsJson call straight to moto (no module code, not through a proxy), for fixtures the module has no cmdlet
    # for; signed just enough for moto to pick the region. -Service: ecs, monitoring or logs.
    param([Parameter(Mandatory)] [string] $MotoUrl, [Parameter(Mandatory)] [ValidateSet('ecs', 'monitoring', 'logs')] [string] $Service,
        [Parameter(Mandatory)] [string] $Operation, [hashtable] $Body = @{}, [string] $Region = 'us-east-1')
    $spec = @{
        ecs        = @('AmazonEC2ContainerServiceV20141113', 'application/x-amz-json-1.1')
        monitoring = @('GraniteServiceVersion20100801', 'application/x-amz-json-1.0')
        logs       = @('Logs_20140328', 'application/x-amz-json-1.1')
    }[$Service]
    $headers = @{
        'X-Amz-Target'  = "$($spec[0]).$Operation"
        'Authorization' = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/$Region/$Service/aws4_request, SignedHeaders=host, Signature=0"
    }
    if ($Service -eq 'monitoring') { $headers['x-amzn-query-mode'] = 'true' }
    Invoke-RestMethod -Method Post -Uri $MotoUrl -Headers $headers -ContentType $spec[1] -Body ($Body | ConvertTo-Json -Depth 10 -Compress)
}

Export-ModuleMember -Function @(
    'Get-EcsAdminRepoRoot', 'Get-EcsAdminModulePath', 'Import-EcsAdminUnderTest', 'Set-EcsAdminTestTiming', 'Add-CachedType', 'Get-FreeTcpPort',
    'Get-PwshCommand', 'Invoke-FreshPwsh', 'Get-WhatIfText', 'Format-FailureLine',
    'Start-MotoServer', 'Stop-MotoServer', 'Reset-MotoServer', 'Enable-SharedMotoServer', 'Reset-SharedMotoServerLoan', 'Stop-SharedMotoServer',
    'Set-FakeAwsEnvironment', 'Restore-AwsEnvironment', 'Start-EcsAdminTestBackend', 'Stop-EcsAdminTestBackend',
    'Start-RecordingProxy', 'Stop-RecordingProxy', 'Get-RecordedRequest', 'Add-ProxyFault', 'Clear-ProxyFault',
    'Get-ExecTestServerPath', 'Start-ExecTestServer', 'Stop-ExecTestServer', 'New-BusyBoxImage', 'New-MotoFargateNetwork', 'Invoke-MotoJsonApi'
)
