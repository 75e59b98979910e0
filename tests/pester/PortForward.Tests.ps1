# Start-/Get-/Stop-EcsPortForward and Copy-EcsFile through the BUILT module: module -> recording proxy (DescribeTasks
# scripted with ECS's reply shape: moto has no container runtime ids) -> exec test server in console mode (SSM
# StartSession for the port documents, the agent's port plugin forwarding to real local TCP servers; ExecuteCommand
# sessions chrooted into BusyBox images for the copies) -> moto.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-EcsAdminUnderTest

    Add-CachedType -Name PortForwardServers -TypeName 'EcsAdminTest.PortTestServer' -Source (Get-Content -LiteralPath (Join-Path $PSScriptRoot 'PortForwardServers.cs') -Raw)

    function New-ToolFolder {
        # A folder of links to some of this machine's tools: a PATH that stands for an image with only those.
        param([string] $Name, [string[]] $Tools)
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) "ecsadmin-pester-tools-$Name-$PID"
        if (Test-Path $dir) { Remove-Item $dir -Recurse -Force }
        $null = New-Item -ItemType Directory -Path $dir
        foreach ($t in $Tools) {
            $source = (Get-Command $t -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
            $null = New-Item -ItemType SymbolicLink -Path (Join-Path $dir $t) -Target $source
        }
        $dir
    }

    function Add-TaskReply {
        # One DescribeTasks reply as ECS shapes it: a RUNNING task whose containers have runtime ids.
        param([string] $TaskId, [string[]] $Container = @('app'), [int] $Count = 1)
        $arn = "arn:aws:ecs:us-east-1:123456789012:task/fwd/$TaskId"
        $containers = foreach ($c in $Container) {
            @{
                containerArn  = "arn:aws:ecs:us-east-1:123456789012:container/fwd/$TaskId/$([guid]::NewGuid())"
                taskArn       = $arn
                name          = $c
                runtimeId     = "$TaskId-$([Math]::Abs($c.GetHashCode()))"
                lastStatus    = 'RUNNING'
                managedAgents = @(@{ name = 'ExecuteCommandAgent'; lastStatus = 'RUNNING' })
            }
        }
        $reply = @{
            tasks    = @(@{
                    taskArn = $arn; clusterArn = 'arn:aws:ecs:us-east-1:123456789012:cluster/fwd'; lastStatus = 'RUNNING'
                    desiredStatus = 'RUNNING'; enableExecuteCommand = $true; launchType = 'FARGATE'; platformVersion = '1.4.0'
                    containers = @($containers)
                })
            failures = @()
        }
        $Proxy.AddReply('DescribeTasks', ($reply | ConvertTo-Json -Depth 10 -Compress), $Count)
        $containers
    }

    function Invoke-Bounded {
        # Runs a data-moving command in a runspace of its own (the module imported) and fails the test, after stopping
        # it as Ctrl+C would, when it has not finished within -TimeoutSec: a stuck transfer must not hang the suite.
        param([scriptblock] $Script, [object[]] $ArgumentList = @(), [int] $TimeoutSec = 180)
        $ps = [powershell]::Create()
        $ps.Runspace = $BoundedRunspace
        $null = $ps.AddScript($Script.ToString())
        foreach ($a in $ArgumentList) { $null = $ps.AddArgument($a) }
        try {
            $handle = $ps.BeginInvoke()
            if (-not $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSec))) {
                $ps.Stop()
                throw "Not finished within $TimeoutSec s (stopped): { $Script }"
            }
            $out = $ps.EndInvoke($handle)
            foreach ($e in $ps.Streams.Error) { throw $e }
            $out
        } finally { $ps.Dispose() }
    }
    $script:BoundedRunspace = [runspacefactory]::CreateRunspace()
    $BoundedRunspace.Open()
    $import = [powershell]::Create()
    $import.Runspace = $BoundedRunspace
    $null = $import.AddScript("Import-Module '$(Get-EcsAdminModulePath)'").Invoke()
    $import.Dispose()

    $script:Image = New-BusyBoxImage -Name fwd-busybox
    # BusyBox runs stty, head, dd and sha256sum even without their links, so every BusyBox image copies on a raw
    # terminal. The text paths are for images without stty: sessions for 'text' and 'nobase64' run on this machine's
    # shell with a PATH of chosen tools (files there are this machine's).
    $script:TextTools = New-ToolFolder -Name text -Tools base64, dd, head, od, sha256sum, wc, mv, rm
    $script:NoBase64Tools = New-ToolFolder -Name nobase64 -Tools dd, head, od, sha256sum, wc, mv, rm
    $script:Moto = Start-MotoServer
    $script:Env = Set-FakeAwsEnvironment -EndpointUrl $Moto.Url
    $script:Server = Start-ExecTestServer -Upstream $Moto.Url -ArgumentList @('--image', "busybox=$Image", '--path', "text=$TextTools", '--path', "nobase64=$NoBase64Tools")
    $script:Proxy = Start-RecordingProxy -Upstream $Server.Url
    $env:AWS_ENDPOINT_URL_ECS = $Proxy.Url
    $env:AWS_ENDPOINT_URL_SSM = $Proxy.Url
    $script:Page = "<html><body>served through the forward: $([guid]::NewGuid())</body></html>"
    $script:Web = [EcsAdminTest.PortTestServer]::new('127.0.0.1', $Page)
}

AfterAll {
    Get-EcsPortForward | Stop-EcsPortForward -Confirm:$false -ErrorAction SilentlyContinue
    if ($BoundedRunspace) { $BoundedRunspace.Dispose() }
    if ($Web) { $Web.Dispose() }
    Remove-Item Env:AWS_ENDPOINT_URL_ECS, Env:AWS_ENDPOINT_URL_SSM -ErrorAction SilentlyContinue
    Stop-RecordingProxy $Proxy
    Stop-ExecTestServer $Server
    Restore-AwsEnvironment $Env
    Stop-MotoServer $Moto
    Remove-Item $Image, $TextTools, $NoBase64Tools -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Start-EcsPortForward' {
    BeforeEach {
        $Proxy.Clear()
        $Proxy.ClearFaults()
    }
    AfterEach {
        Get-EcsPortForward | Stop-EcsPortForward -Confirm:$false
        Get-Job | Where-Object PSJobTypeName -EQ 'EcsPortForwardJob' | Remove-Job -Force
    }

    It 'serves an HTTP request through the forward with the page of the server in the task' {
        $c = @(Add-TaskReply -TaskId 'a1b2c3d4e5f60718293a4b5c6d7e8f90')
        $job = Start-EcsPortForward -Cluster fwd -Task a1b2c3d4e5f60718293a4b5c6d7e8f90 -RemotePort $Web.Port -AsJob
        $job | Should -BeOfType ([EcsAdmin.Models.EcsPortForwardJob])
        $job.JobStateInfo.State | Should -Be 'Running'
        @(Get-Job -Id $job.Id).Count | Should -Be 1
        $f = $job | Receive-Job -Keep
        $f | Should -BeOfType ([EcsAdmin.Models.EcsPortForward])
        $f.LocalAddress | Should -Be '127.0.0.1'
        $f.Mode | Should -Be 'Multiplexed'
        $f.Container | Should -Be 'app'

        (Invoke-WebRequest "http://$($f.LocalEndpoint)/" -UseBasicParsing).Content | Should -Be $Page
        $f.Connections | Should -Be 1
        $f.BytesReceived | Should -BeGreaterThan $Page.Length

        # The request SSM got: the ECS target with the container's runtime id, the document and its parameters.
        $start = (Get-RecordedRequest -Proxy $Proxy -Operation StartSession)[0].Body | ConvertFrom-Json
        $start.Target | Should -Be "ecs:fwd_a1b2c3d4e5f60718293a4b5c6d7e8f90_$($c[0].runtimeId)"
        $start.DocumentName | Should -Be 'AWS-StartPortForwardingSession'
        $start.Parameters.portNumber | Should -Be @("$($Web.Port)")
        $start.Parameters.localPortNumber | Should -Be @('0')
        $start.Parameters.PSObject.Properties.Name | Should -Not -Contain 'host'
    }

    It 'carries 20 concurrent connections of 5 MB each, hash-exact, over one session' {
        $null = Add-TaskReply -TaskId 'load01'
        $f = Start-EcsPortForward -Cluster fwd -Task load01 -RemotePort $Web.Port -AsJob | Receive-Job -Keep
        $before = $Web.Accepted
        try { $ok = [EcsAdminTest.PortLoad]::Run('127.0.0.1', $f.LocalPort, 20, 5MB, 120) }
        catch { throw "The transfers failed ($($_.Exception.GetBaseException().Message)); the forward is $($f.State): $($f.Reason)" }
        $ok.Count | Should -Be 20
        $ok | Should -Not -Contain $false
        $Web.Accepted - $before | Should -Be 20
        $f.Connections | Should -Be 20
        $f.BytesSent | Should -BeGreaterThan (10 * 5MB)
        $f.BytesReceived | Should -BeGreaterThan (10 * 5MB)
        $Proxy.Count('StartSession') | Should -Be 1
    }

    It 'reaches a remote host through the task with the remote-host document' {
        $remote = [EcsAdminTest.PortTestServer]::new('127.0.0.2', 'remote page')
        try {
            $null = Add-TaskReply -TaskId 'remote01'
            $f = Start-EcsPortForward -Cluster fwd -Task remote01 -RemoteHost 127.0.0.2 -RemotePort $remote.Port -LocalPort (Get-FreeTcpPort) -AsJob | Receive-Job -Keep
            (Invoke-WebRequest "http://$($f.LocalEndpoint)/" -UseBasicParsing).Content | Should -Be 'remote page'
            $remote.Accepted | Should -Be 1
            $start = (Get-RecordedRequest -Proxy $Proxy -Operation StartSession)[0].Body | ConvertFrom-Json
            $start.DocumentName | Should -Be 'AWS-StartPortForwardingSessionToRemoteHost'
            $start.Parameters.host | Should -Be @('127.0.0.2')
            $start.Parameters.localPortNumber | Should -Be @("$($f.LocalPort)")
        } finally { $remote.Dispose() }
    }

    It 'Stop-EcsPortForward closes the listener, the connections and the session' {
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ($Web.Open -gt 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 } # earlier tests' connections
        $null = Add-TaskReply -TaskId 'stop01'
        $job = Start-EcsPortForward -Cluster fwd -Task stop01 -RemotePort $Web.Port -AsJob
        $f = $job | Receive-Job -Keep
        $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $f.LocalPort)
        $client.GetStream().Write([byte[]][char[]]'D', 0, 1) # an open connection to the server in the task
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ($Web.Open -lt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $Web.Open | Should -Be 1

        $stopped = Get-EcsPortForward -Id $f.Id | Stop-EcsPortForward -PassThru -Confirm:$false
        $stopped.State | Should -Be 'Stopped'
        [EcsAdminTest.PortLoad]::IsClosed('127.0.0.1', $f.LocalPort) | Should -BeTrue
        $client.GetStream().Read([byte[]]::new(1), 0, 1) | Should -Be 0   # closed by the forward
        $client.Dispose()
        Get-EcsPortForward | Should -BeNullOrEmpty
        $job.JobStateInfo.State | Should -Be 'Stopped'
        $Proxy.WaitIdle(5000) | Out-Null
        (Get-RecordedRequest -Proxy $Proxy -Operation TerminateSession).Body | ConvertFrom-Json | ForEach-Object SessionId | Should -Be $f.SessionId
        # The agent side ended too: its connection to the destination is gone.
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ($Web.Open -gt 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $Web.Open | Should -Be 0
    }

    It 'Stop-Job ends a forward started with -AsJob' {
        $null = Add-TaskReply -TaskId 'job01'
        $job = Start-EcsPortForward -Cluster fwd -Task job01 -RemotePort $Web.Port -AsJob
        $f = $job | Receive-Job -Keep
        $job | Stop-Job
        $job.JobStateInfo.State | Should -Be 'Stopped'
        [EcsAdminTest.PortLoad]::IsClosed('127.0.0.1', $f.LocalPort) | Should -BeTrue
        $f.State | Should -Be 'Stopped'
        Get-EcsPortForward | Should -BeNullOrEmpty
    }

    It '-WhatIf names the target and sends nothing (Start-EcsPortForward, Copy-EcsFile), -Task by position too' {
        # -WhatIf text goes to the host: a fresh pwsh whose output is the host's.
        $port = Get-FreeTcpPort
        $r = Invoke-FreshPwsh -Command ("Import-Module '$(Get-EcsAdminModulePath)'; " +
            "Start-EcsPortForward -Cluster fwd -Task what01 -Container app -RemotePort 5432 -LocalPort $port -WhatIf; " +
            "Copy-EcsFile -Cluster fwd -Task what02 -Path '$PSCommandPath' -Destination /data/ -WhatIf; " +
            "Copy-EcsFile -Cluster fwd -Task what03 -FromTask -Path /var/log/app.log -Destination '$TestDrive' -WhatIf; " +
            "Start-EcsPortForward pos01 5433 -Cluster fwd -LocalPort $port -WhatIf; " +
            "Copy-EcsFile pos02 '$PSCommandPath' -Destination /data/ -Cluster fwd -WhatIf")
        $text = $r.Output -join "`n"
        $r.ExitCode | Should -Be 0 -Because $text
        $text | Should -Match "Forward 127\.0\.0\.1:$port to"
        $text | Should -Match 'port 5432 of task what01 container app \(cluster fwd\)'
        $text | Should -Match '/data/PortForward\.Tests\.ps1 in task what02 \(cluster fwd\)'
        $text | Should -Match 'Copy /var/log/app\.log in task what03 \(cluster fwd\) to'
        # -Task at position 0 on both, -Path at 1 on Copy-EcsFile.
        $text | Should -Match 'port 5433 of task pos01 \(cluster fwd\)'
        $text | Should -Match '/data/PortForward\.Tests\.ps1 in task pos02 \(cluster fwd\)'
        $Proxy.Requests.Count | Should -Be 0
        [EcsAdminTest.PortLoad]::IsClosed('127.0.0.1', $port) | Should -BeTrue
    }

    It 'declares -Task (position 0) and -Container with their completers on both' {
        foreach ($name in 'Start-EcsPortForward', 'Copy-EcsFile') {
            $task = (Get-Command $name).Parameters['Task']
            $task.ParameterSets.Values.Position | Sort-Object -Unique | Should -Be 0 -Because $name
            $task.Attributes.Where({ $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }).Count | Should -Be 1
            (Get-Command $name).Parameters['Container'].Attributes.Where({ $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }).Count | Should -Be 1
        }
    }

    It 'refuses a bad local address before any request (InvalidLocalAddress)' {
        Start-EcsPortForward -Cluster fwd -Task bad01 -RemotePort 80 -LocalAddress 'not-an-ip' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidLocalAddress*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $Proxy.Requests.Count | Should -Be 0
    }

    It 'asks which container when the task has several (ContainerRequired), before starting a session' {
        $null = Add-TaskReply -TaskId 'two01' -Container app, sidecar
        Start-EcsPortForward -Cluster fwd -Task two01 -RemotePort 80 -AsJob -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ContainerRequired*'
        $errs[0].Exception.Message | Should -Match 'app, sidecar'
        $Proxy.Count('StartSession') | Should -Be 0
    }

    It 'reports a local port in use (LocalPortUnavailable) and ends the session it started' {
        $null = Add-TaskReply -TaskId 'busy01'
        $busy = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $busy.Start()
        try {
            Start-EcsPortForward -Cluster fwd -Task busy01 -RemotePort $Web.Port -LocalPort $busy.LocalEndpoint.Port -AsJob -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'LocalPortUnavailable*'
            $Proxy.WaitIdle(5000) | Out-Null
            $Proxy.Count('TerminateSession') | Should -Be 1
        } finally { $busy.Stop() }
    }
}

Describe 'Start-EcsPortForward in a real terminal (tmux): Ctrl+C' {
    BeforeAll {
        $script:Sock = "ecsadmin-pester-pf-$PID"
        function Invoke-Tmux { & tmux -L $Sock @args }
        function Get-Screen { ((Invoke-Tmux capture-pane -p -J -t pf -S -200) | ForEach-Object { $_.TrimEnd() }) -join "`n" }
        function Wait-Screen {
            param([string] $Pattern, [int] $TimeoutSec = 60)
            $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
            do {
                $screen = Get-Screen
                if ($screen -match $Pattern) { return $screen }
                Start-Sleep -Milliseconds 100
            } while ([DateTime]::UtcNow -lt $deadline)
            $screen
        }
        $pwsh = (Get-PwshCommand) + @('-NoProfile', '-NoLogo')
        Invoke-Tmux new-session -d -s pf -x 160 -y 40 @pwsh
        # The prompt line as capture-pane gives it (trailing blanks trimmed); a setup wait that runs out fails here
        # rather than costing its whole timeout silently.
        if ((Wait-Screen '(?m)^PS .*>$') -notmatch '(?m)^PS .*>$') { throw 'pwsh showed no prompt in tmux' }
        Invoke-Tmux send-keys -t pf -l "Import-Module '$(Get-EcsAdminModulePath)'; 'ready-' + 'for-forward'"
        Invoke-Tmux send-keys -t pf Enter
        $null = Wait-Screen 'ready-for-forward'
    }
    AfterAll { Invoke-Tmux kill-server 2>$null }

    It 'forwards in the foreground with a status line, and Ctrl+C closes the listener and the session' {
        $Proxy.Clear()
        $null = Add-TaskReply -TaskId 'tty01'
        $port = Get-FreeTcpPort
        Invoke-Tmux send-keys -t pf -l "Start-EcsPortForward -Cluster fwd -Task tty01 -RemotePort $($Web.Port) -LocalPort $port"
        Invoke-Tmux send-keys -t pf Enter
        $screen = Wait-Screen 'Forwarding 127\.0\.0\.1:\d+'
        $screen | Should -Match "Forwarding 127\.0\.0\.1:$port"
        (Invoke-WebRequest "http://127.0.0.1:$port/" -UseBasicParsing).Content | Should -Be $Page
        (Wait-Screen '1 connections \(0 open\)') | Should -Match '1 connections \(0 open\)'

        Invoke-Tmux send-keys -t pf C-c
        Invoke-Tmux send-keys -t pf -l "'after-' + 'ctrl-c'"
        Invoke-Tmux send-keys -t pf Enter
        (Wait-Screen '(?m)^after-ctrl-c') | Should -Match '(?m)^after-ctrl-c'
        [EcsAdminTest.PortLoad]::IsClosed('127.0.0.1', $port) | Should -BeTrue
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ($Proxy.Count('TerminateSession') -lt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $Proxy.Count('TerminateSession') | Should -Be 1
        $Proxy.Count('StartSession') | Should -Be 1
    }
}

Describe 'Copy-EcsFile' {
    BeforeAll {
        $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) "ecsadmin-pester-copy-$PID"
        $null = New-Item -ItemType Directory -Path $Work -Force
        $script:Big = Join-Path $Work 'big.bin'
        [System.IO.File]::WriteAllBytes($Big, [EcsAdminTest.PortTestServer]::Pattern(50MB, 42))
        $script:BigSha = (Get-FileHash -LiteralPath $Big -Algorithm SHA256).Hash.ToLowerInvariant()
    }
    AfterAll { Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue }
    BeforeEach {
        $Proxy.Clear()
        $Proxy.ClearFaults()
    }

    It 'copies a 50 MB file into a BusyBox container and back out, byte-identical, on a raw terminal' {
        $null = Add-TaskReply -TaskId 'copy01' -Container busybox -Count 2
        $all = Invoke-Bounded { param($p) Copy-EcsFile -Cluster fwd -Task copy01 -Path $p -Destination /tmp/big.bin -Confirm:$false -Verbose 4>&1 } -ArgumentList $Big
        ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain 'Writing /tmp/big.bin (52428800 bytes) with head -c on a raw terminal.'
        $in = $all | Where-Object { $_ -is [EcsAdmin.Models.EcsFileCopyResult] }
        $in | Should -BeOfType ([EcsAdmin.Models.EcsFileCopyResult])
        $in.Direction | Should -Be 'ToTask'
        $in.Length | Should -Be 50MB
        $in.Sha256 | Should -Be $BigSha
        $in.Sessions | Should -BeGreaterThan 2   # chunked: a probe, several pieces, the check
        # The file in the image itself.
        (Get-FileHash -LiteralPath (Join-Path $Image 'tmp/big.bin') -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $BigSha
        @(Get-ChildItem (Join-Path $Image 'tmp') -Filter '*.part').Count | Should -Be 0

        $back = Join-Path $Work 'back.bin'
        $all = Invoke-Bounded { param($d) Copy-EcsFile -Cluster fwd -Task copy01 -FromTask -Path /tmp/big.bin -Destination $d -Confirm:$false -Verbose 4>&1 } -ArgumentList $back
        ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain 'Reading /tmp/big.bin (52428800 bytes) with dd on a raw terminal.'
        $out = $all | Where-Object { $_ -is [EcsAdmin.Models.EcsFileCopyResult] }
        $out.Direction | Should -Be 'FromTask'
        $out.Sha256 | Should -Be $BigSha
        (Get-FileHash -LiteralPath $back -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $BigSha
        (Get-Item $back).Length | Should -Be 50MB
        $Proxy.WaitIdle(5000) | Out-Null
        $Proxy.Count('TerminateSession') | Should -Be $Proxy.Count('ExecuteCommand')
    }

    It 'keeps bytes a terminal would mangle (CR, LF, Ctrl+C, Ctrl+D, NUL, 0xFF) and takes the name for a folder (<Container>: <Mode>)' -ForEach @(
        @{ Container = 'busybox'; Mode = 'raw terminal'; In = 'head -c on a raw terminal'; Out = 'dd on a raw terminal' }
        @{ Container = 'text'; Mode = 'base64 lines'; In = 'base64 -d'; Out = 'dd | base64' }
    ) {
        # The container's /tmp: inside the BusyBox image, or a folder of this machine for the sessions run on it.
        $remoteDir = if ($Container -eq 'busybox') { '/tmp' } else { (New-Item -ItemType Directory -Path (Join-Path $Work 'text-tmp') -Force).FullName }
        $localDir = if ($Container -eq 'busybox') { Join-Path $Image 'tmp' } else { $remoteDir }
        $null = Add-TaskReply -TaskId "copy02$Container" -Container $Container -Count 2
        # Every byte value, the terminal's keys many times over (Ctrl+V and Ctrl+O too), and CR last: a piece's last
        # byte sits right before what the exec wrapper prints at the end, which must not take it for a line end.
        $bytes = [byte[]](@(13, 10, 3, 4, 0, 255, 27, 17, 19, 26, 28, 127, 8, 21, 23, 22, 15) * 100 + 0..255 + 13)
        $src = Join-Path $Work "control-$Container.bin"
        [System.IO.File]::WriteAllBytes($src, $bytes)
        $all = Invoke-Bounded { param($p, $t, $r) Copy-EcsFile -Cluster fwd -Task $t -Path $p -Destination "$r/" -Confirm:$false -Verbose 4>&1 } -ArgumentList $src, "copy02$Container", $remoteDir -TimeoutSec 60
        ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Writing $remoteDir/control-$Container.bin ($($bytes.Count) bytes) with $In."
        [System.IO.File]::ReadAllBytes((Join-Path $localDir "control-$Container.bin")) | Should -Be $bytes
        $folder = Join-Path $Work "out-$Container"
        $null = New-Item -ItemType Directory -Path $folder -Force
        $all = Invoke-Bounded { param($d, $t, $c, $r) Copy-EcsFile -Cluster fwd -Task $t -FromTask -Path "$r/control-$c.bin" -Destination $d -Confirm:$false -Verbose 4>&1 } -ArgumentList $folder, "copy02$Container", $Container, $remoteDir -TimeoutSec 60
        ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Reading $remoteDir/control-$Container.bin ($($bytes.Count) bytes) with $Out."
        [System.IO.File]::ReadAllBytes((Join-Path $folder "control-$Container.bin")) | Should -Be $bytes
    }

    It 'says clearly that the image has neither stty nor base64 (RemoteToolMissing), before any data moves' {
        $null = Add-TaskReply -TaskId 'copy03' -Container nobase64
        $src = Join-Path $Work 'small.txt'
        Set-Content -LiteralPath $src -Value 'hello'
        $remote = Join-Path $Work 'nobase64-small.txt'
        Copy-EcsFile -Cluster fwd -Task copy03 -Path $src -Destination $remote -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        @($errs).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'RemoteToolMissing*'
        $errs[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $errs[0].Exception.Message | Should -Match 'has no base64'
        $errs[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $errs[0].Exception.Message | Should -Match 'stty and head \(a raw terminal\) can stand in'
        Test-Path $remote | Should -BeFalse
        $Proxy.Count('ExecuteCommand') | Should -Be 1   # the probe only
    }

    It 'copies out of an image without base64 with od, byte-identical' {
        $null = Add-TaskReply -TaskId 'copy04' -Container nobase64
        $bytes = [EcsAdminTest.PortTestServer]::Pattern(200KB, 9)
        $remote = Join-Path $Work 'od-remote.bin'
        [System.IO.File]::WriteAllBytes($remote, $bytes)
        $dest = Join-Path $Work 'od.bin'
        $out = Invoke-Bounded { param($d, $r) Copy-EcsFile -Cluster fwd -Task copy04 -FromTask -Path $r -Destination $d -Confirm:$false -Verbose 4>&1 } -ArgumentList $dest, $remote -TimeoutSec 60
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Reading $remote (204800 bytes) with dd | od -An -v -tx1 (the image has no working base64)."
        $sha = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
        (Get-FileHash -LiteralPath $dest -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $sha
        ($out | Where-Object { $_ -is [EcsAdmin.Models.EcsFileCopyResult] }).Sha256 | Should -Be $sha
    }

    It 'refuses a relative container path before any request (InvalidRemotePath)' {
        Copy-EcsFile -Cluster fwd -Task bad02 -Path $Big -Destination 'tmp/big.bin' -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRemotePath*'
        $Proxy.Requests.Count | Should -Be 0
    }
}
