# Pipelines by property: every output type of the module into every cmdlet that consumes it. The table below is the
# documented list of pairs (CONTRIBUTING.md, Parameters). Three checks: the table covers every public output type and
# every cmdlet that takes a name from the pipeline; each pair binds the parameters it names from the object's
# properties (and nothing converts the object into a name); the pairs marked Run are run against moto, through the
# recording proxy where moto ignores a filter.
BeforeDiscovery {
    # Binds: the consumer's parameters the piped object must fill. Run: pipe a real object and check the outcome.
    $script:Pairs = @(
        @{ From = 'EcsCluster'; To = 'Get-EcsService'; Binds = 'Cluster'; Run = 'ClusterServices' }
        @{ From = 'EcsCluster'; To = 'Get-EcsTask'; Binds = 'Cluster'; Run = 'ClusterTasks' }
        @{ From = 'EcsCluster'; To = 'Get-EcsServiceHealth'; Binds = 'Cluster'; Run = 'ClusterHealth' }
        @{ From = 'EcsCluster'; To = 'Get-EcsCluster'; Binds = 'Name'; Run = 'ClusterCluster' }
        @{ From = 'EcsCluster'; To = 'Set-EcsCluster'; Binds = 'Name' }
        @{ From = 'EcsCluster'; To = 'Remove-EcsCluster'; Binds = 'Name'; Run = 'ClusterRemove' }
        @{ From = 'EcsCluster'; To = 'Get-EcsContainerInstance'; Binds = 'Cluster' }
        @{ From = 'EcsCluster'; To = 'Get-EcsAttribute'; Binds = 'Cluster' }
        @{ From = 'EcsCluster'; To = 'Get-EcsCapacityProvider'; Binds = 'Cluster' }
        @{ From = 'EcsCluster'; To = 'Get-EcsRightSizing'; Binds = 'Cluster' }
        @{ From = 'EcsCluster'; To = 'Get-EcsServiceAlarm'; Binds = 'Cluster'; Run = 'ClusterAlarms' }
        @{ From = 'EcsCluster'; To = 'Get-EcsScaling'; Binds = 'Cluster' }
        @{ From = 'EcsCluster'; To = 'New-EcsAnywhereActivation'; Binds = 'Cluster' }
        @{ From = 'EcsService'; To = 'Get-EcsTask'; Binds = 'Cluster', 'Service'; Run = 'ServiceTasks' }
        @{ From = 'EcsService'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name'; Run = 'ServiceService' }
        @{ From = 'EcsService'; To = 'Update-EcsService'; Binds = 'Cluster', 'Name'; Run = 'ServiceUpdate' }
        @{ From = 'EcsService'; To = 'Remove-EcsService'; Binds = 'Cluster', 'Name'; Run = 'ServiceRemove' }
        @{ From = 'EcsService'; To = 'Get-EcsServiceHealth'; Binds = 'Cluster', 'Service'; Run = 'ServiceHealth' }
        @{ From = 'EcsService'; To = 'Get-EcsScaling'; Binds = 'Cluster', 'Service'; Run = 'ServiceScaling' }
        @{ From = 'EcsService'; To = 'Wait-EcsService'; Binds = 'Cluster', 'Name' }
        @{ From = 'EcsService'; To = 'Undo-EcsService'; Binds = 'Cluster', 'Name' }
        @{ From = 'EcsService'; To = 'Export-EcsService'; Binds = 'Cluster', 'Name' }
        @{ From = 'EcsService'; To = 'Get-EcsServiceDeployment'; Binds = 'Cluster', 'Name' }
        @{ From = 'EcsService'; To = 'Get-EcsServiceRevision'; Binds = 'Cluster', 'Name' }
        @{ From = 'EcsService'; To = 'Get-EcsServiceAlarm'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsService'; To = 'New-EcsServiceAlarm'; Binds = 'Cluster', 'Service'; Run = 'ServiceNewAlarm' }
        @{ From = 'EcsService'; To = 'Get-EcsServiceMetric'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsService'; To = 'Get-EcsLog'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsService'; To = 'Get-EcsRightSizing'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsService'; To = 'Set-EcsScaling'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsService'; To = 'Remove-EcsScaling'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsService'; To = 'Suspend-EcsScaling'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsService'; To = 'Resume-EcsScaling'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsService'; To = 'Invoke-EcsExec'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsService'; To = 'Test-EcsServiceReadiness'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsTask'; To = 'Get-EcsTask'; Binds = 'Cluster', 'Task'; Run = 'TaskTask' }
        @{ From = 'EcsTask'; To = 'Stop-EcsTask'; Binds = 'Cluster', 'Task'; Run = 'TaskStop' }
        @{ From = 'EcsTask'; To = 'Test-EcsExecReadiness'; Binds = 'Cluster', 'Task' }
        @{ From = 'EcsTask'; To = 'Invoke-EcsExec'; Binds = 'Cluster', 'Task' }
        @{ From = 'EcsTask'; To = 'Get-EcsLog'; Binds = 'Cluster', 'TaskId' }
        @{ From = 'EcsTaskDefinition'; To = 'Get-EcsTaskDefinition'; Binds = 'TaskDefinition'; Run = 'TdGet' }
        @{ From = 'EcsTaskDefinition'; To = 'Start-EcsTask'; Binds = 'TaskDefinition'; Run = 'TdStart' }
        @{ From = 'EcsTaskDefinition'; To = 'Unregister-EcsTaskDefinition'; Binds = 'TaskDefinition'; Run = 'TdUnregister' }
        @{ From = 'EcsTaskDefinition'; To = 'New-EcsFargateService'; Binds = 'TaskDefinition'; Run = 'TdNewService' }
        @{ From = 'EcsTaskDefinition'; To = 'New-EcsService'; Binds = 'TaskDefinition' }
        @{ From = 'EcsTaskDefinitionFamily'; To = 'Get-EcsTaskDefinition'; Binds = 'Family' }
        @{ From = 'FileInfo'; To = 'Register-EcsTaskDefinition'; Binds = 'Path'; Run = 'FilesRegister' }
        @{ From = 'DirectoryInfo'; To = 'Deploy-EcsService'; Binds = 'Path' }
        @{ From = 'DirectoryInfo'; To = 'Compare-EcsService'; Binds = 'Path' }
        @{ From = 'DirectoryInfo'; To = 'Test-EcsServiceReadiness'; Binds = 'Path' }
        @{ From = 'EcsContainerInstance'; To = 'Get-EcsContainerInstance'; Binds = 'Cluster', 'ContainerInstance' }
        @{ From = 'EcsContainerInstance'; To = 'Set-EcsContainerInstance'; Binds = 'Cluster', 'ContainerInstance' }
        @{ From = 'EcsContainerInstance'; To = 'Remove-EcsContainerInstance'; Binds = 'Cluster', 'ContainerInstance' }
        @{ From = 'EcsContainerInstance'; To = 'Update-EcsContainerAgent'; Binds = 'Cluster', 'ContainerInstance' }
        @{ From = 'EcsContainerInstance'; To = 'Get-EcsAttribute'; Binds = 'Cluster', 'ContainerInstance' }
        @{ From = 'EcsContainerInstance'; To = 'Set-EcsAttribute'; Binds = 'Cluster', 'ContainerInstance' }
        @{ From = 'EcsAttribute'; To = 'Remove-EcsAttribute'; Binds = 'Cluster', 'ContainerInstance', 'Name' }
        @{ From = 'EcsCapacityProvider'; To = 'Get-EcsCapacityProvider'; Binds = 'Name' }
        @{ From = 'EcsCapacityProvider'; To = 'Set-EcsCapacityProvider'; Binds = 'Name' }
        @{ From = 'EcsCapacityProvider'; To = 'Remove-EcsCapacityProvider'; Binds = 'Name' }
        @{ From = 'EcsNamespace'; To = 'Get-EcsNamespace'; Binds = 'Name' }
        @{ From = 'EcsNamespace'; To = 'Remove-EcsNamespace'; Binds = 'Namespace' }
        @{ From = 'EcsServiceAlarm'; To = 'Remove-EcsServiceAlarm'; Binds = 'Name'; Run = 'AlarmRemove' }
        @{ From = 'EcsScalingConfiguration'; To = 'Get-EcsScaling'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsScalingConfiguration'; To = 'Set-EcsScaling'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsScalingConfiguration'; To = 'Remove-EcsScaling'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsScalingConfiguration'; To = 'Suspend-EcsScaling'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsScalingConfiguration'; To = 'Resume-EcsScaling'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsAccountSetting'; To = 'Get-EcsAccountSetting'; Binds = 'Name' }
        @{ From = 'EcsAccountSetting'; To = 'Set-EcsAccountSetting'; Binds = 'Name', 'Value' }
        @{ From = 'EcsServiceDeployment'; To = 'Get-EcsServiceDeployment'; Binds = 'Cluster', 'ServiceDeploymentArn' }
        @{ From = 'EcsServiceDeployment'; To = 'Stop-EcsServiceDeployment'; Binds = 'Cluster', 'ServiceDeploymentArn' }
        @{ From = 'EcsServiceDeployment'; To = 'Approve-EcsServiceDeployment'; Binds = 'Cluster', 'ServiceDeploymentArn', 'HookId' }
        @{ From = 'EcsServiceDeployment'; To = 'Deny-EcsServiceDeployment'; Binds = 'Cluster', 'ServiceDeploymentArn', 'HookId' }
        @{ From = 'EcsServiceRevision'; To = 'Get-EcsServiceRevision'; Binds = 'Cluster', 'ServiceRevisionArn' }
        @{ From = 'EcsServiceRevision'; To = 'Compare-EcsServiceRevision'; Binds = 'DifferenceArn' }
        @{ From = 'EcsDeploymentResult'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name' }
        @{ From = 'EcsDeploymentResult'; To = 'Wait-EcsService'; Binds = 'Cluster', 'Name', 'DeploymentId' }
        @{ From = 'EcsServiceHealth'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name' }
        @{ From = 'EcsServiceHealth'; To = 'Get-EcsTask'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsRightSizing'; To = 'Update-EcsService'; Binds = 'Cluster', 'Name', 'Cpu', 'Memory' }
        @{ From = 'EcsRightSizing'; To = 'Set-EcsScaling'; Binds = 'Cluster', 'Service', 'MinCapacity', 'MaxCapacity' }
        @{ From = 'EcsServiceFileExport'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name' }
        @{ From = 'EcsServiceFileDeployment'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name' }
        @{ From = 'EcsScalingChange'; To = 'Get-EcsScaling'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsLogEvent'; To = 'Get-EcsTask'; Binds = 'Cluster', 'Service' }
        @{ From = 'EcsMetricPoint'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name' }
        @{ From = 'EcsExecCheck'; To = 'Get-EcsTask'; Binds = 'Cluster' }
        @{ From = 'EcsExecResult'; To = 'Get-EcsTask'; Binds = 'Cluster', 'Task' }
        @{ From = 'EcsAnywhereActivation'; To = 'Get-EcsContainerInstance'; Binds = 'Cluster' }
        @{ From = 'EcsService'; To = 'Get-EcsServiceEvent'; Binds = 'Cluster', 'Name' }
        @{ From = 'EcsServiceEvent'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name' }
        @{ From = 'EcsTask'; To = 'Start-EcsPortForward'; Binds = 'Cluster', 'Task' }
        @{ From = 'EcsTask'; To = 'Copy-EcsFile'; Binds = 'Cluster', 'Task' }
        @{ From = 'EcsTask'; To = 'Get-EcsPortForward'; Binds = 'Task' }
        @{ From = 'EcsPortForward'; To = 'Stop-EcsPortForward'; Binds = 'Id' }
        @{ From = 'EcsPortForward'; To = 'Get-EcsTask'; Binds = 'Cluster', 'Task' }
    )
    # Output types that name nothing another cmdlet acts on, and why.
    $script:NotPiped = @{
        EcsSession            = 'given with -Session, not piped'
        EcsReadinessCheck     = 'a check result about a file; nothing acts on it'
        EcsServiceDifference  = 'one difference between a file and the live service'
        EcsRevisionDifference = 'one difference between two revisions'
        EcsRightSizingSummary = 'a sum over a cluster'
        EcsPortForwardJob     = 'a PowerShell job: Stop-Job, Receive-Job and Remove-Job act on it'
        EcsFileCopyResult     = 'a record of one copy, with its hash; nothing acts on it'
    }
    # Cmdlets whose pipeline input is not an object of this module, and why.
    $script:NoObjectInput = @{
        'Connect-EcsSession'    = 'its -Cluster is the default cluster of the session being made'
        'New-EcsCluster'        = 'creates what no object exists for yet'
        'New-EcsCapacityProvider' = 'creates what no object exists for yet'
        'New-EcsNamespace'      = 'creates what no object exists for yet'
        'Get-EcsSession'        = 'takes only the common parameters'
        'Disconnect-EcsSession' = 'takes only -PassThru besides the common parameters'
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Proxy = Start-RecordingProxy -Upstream $script:Moto.Url
    $script:Env = Set-FakeAwsEnvironment -EndpointUrl $script:Proxy.Url
    Import-EcsAdminUnderTest
    $script:Common = 'ProfileName', 'ProfileLocation', 'Region', 'Credential', 'EndpointUrl', 'Session'

    function Get-PipelineParameter {
        # The consumer's parameters that take a value by property name, with the property names that feed them.
        param([string] $Command)
        foreach ($p in (Get-Command $Command).Parameters.Values) {
            $byName = @($p.Attributes | Where-Object { $_ -is [Parameter] -and $_.ValueFromPipelineByPropertyName })
            if ($byName.Count -gt 0 -and $p.Name -notin $script:Common) { [pscustomobject]@{ Name = $p.Name; Names = @($p.Name) + @($p.Aliases) } }
        }
    }

    function Get-ModelType {
        param([string] $Name)
        if ($Name -in 'FileInfo', 'DirectoryInfo') { return "System.IO.$Name" -as [type] }
        "EcsAdmin.Models.$Name" -as [type]
    }

    function New-PipeFixture {
        $net = New-MotoFargateNetwork -MotoUrl $script:Moto.Url -Name pipe
        'pipe-a', 'pipe-b', 'pipe-empty' | New-EcsCluster | Out-Null
        $td = @{
            family = 'pipeweb'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'
            containerDefinitions = @(@{ name = 'web'; image = 'nginx:1.27'; essential = $true; memory = 512 })
        } | Register-EcsTaskDefinition
        foreach ($s in 'api', 'web') { $td | New-EcsFargateService -Cluster pipe-a -Name $s -DesiredCount 1 @net | Out-Null }
        $td | New-EcsFargateService -Cluster pipe-b -Name other -DesiredCount 1 @net | Out-Null
        $tasks = @(Start-EcsTask -Cluster pipe-a -TaskDefinition $td.TaskDefinitionArn -Count 2 @net)
        $other = @(Start-EcsTask -Cluster pipe-b -TaskDefinition $td.TaskDefinitionArn @net)
        [pscustomobject]@{ Net = $net; TaskDefinition = $td; Tasks = $tasks; OtherTasks = $other }
    }

    function Get-RequestBody {
        param([string] $Operation)
        @(Get-RecordedRequest -Proxy $script:Proxy -Operation $Operation | ForEach-Object { $_.Body | ConvertFrom-Json })
    }

    # Each runnable pair: pipe a real object, check what came out and what was asked. $Fx is the fixture.
    $script:Runs = @{
        ClusterServices = { @(Get-EcsCluster pipe-a | Get-EcsService).Service | Sort-Object | Should -Be @('api', 'web') }
        ClusterTasks    = {
            $out = @(Get-EcsCluster pipe-a | Get-EcsTask)
            $out.TaskArn | Sort-Object | Should -Be @($Fx.Tasks.TaskArn | Sort-Object)
            (Get-RequestBody ListTasks).cluster | Should -Be @('pipe-a')
        }
        ClusterHealth   = { @(Get-EcsCluster pipe-a | Get-EcsServiceHealth).Service | Sort-Object | Should -Be @('api', 'web') }
        ClusterCluster  = { (Get-EcsCluster pipe-b | Get-EcsCluster).Cluster | Should -Be 'pipe-b' }
        ClusterRemove   = {
            Get-EcsCluster pipe-empty | Remove-EcsCluster -Force | Out-Null
            (Get-RequestBody DeleteCluster).cluster | Should -Be @('pipe-empty')
        }
        ServiceTasks    = {
            # moto ignores the service filter: the request is what shows the binding.
            Get-EcsService -Cluster pipe-a -Name web | Get-EcsTask | Out-Null
            $req = Get-RequestBody ListTasks
            $req.cluster | Should -Be @('pipe-a')
            $req.serviceName | Should -Be @('web')
        }
        ServiceService  = { (Get-EcsService -Cluster pipe-b -Name other | Get-EcsService).ServiceArn | Should -Match ':service/pipe-b/other$' }
        ServiceUpdate   = {
            $r = Get-EcsService -Cluster pipe-a -Name api | Update-EcsService -DesiredCount 3 -Confirm:$false
            $req = Get-RequestBody UpdateService
            $req.cluster | Should -Be @('pipe-a')
            $req.service | Should -Be @('api')
            $req.desiredCount | Should -Be @(3)
        }
        ServiceRemove   = {
            Get-EcsService -Cluster pipe-b -Name other | Remove-EcsService -Force | Out-Null
            $req = Get-RequestBody DeleteService
            $req.cluster | Should -Be @('pipe-b')
            $req.service | Should -Be @('other')
        }
        ServiceHealth   = { $h = @(Get-EcsService -Cluster pipe-a -Name web | Get-EcsServiceHealth); $h.Service | Should -Be @('web'); $h.Cluster | Should -Be @('pipe-a') }
        ServiceScaling  = {
            Get-EcsService -Cluster pipe-a -Name web | Set-EcsScaling -MinCapacity 1 -MaxCapacity 2 -Confirm:$false | Out-Null
            $s = @(Get-EcsService -Cluster pipe-a -Name web | Get-EcsScaling)
            $s.ResourceId | Should -Be @('service/pipe-a/web')
        }
        ClusterAlarms   = {
            New-EcsServiceAlarm -Cluster pipe-a -Service api -Metric Cpu -Threshold 91 -Confirm:$false | Out-Null
            New-EcsServiceAlarm -Cluster pipe-b -Service other -Metric Cpu -Threshold 91 -Confirm:$false | Out-Null
            $alarms = @(Get-EcsCluster pipe-a | Get-EcsServiceAlarm)
            $alarms | Should -Not -BeNullOrEmpty
            $alarms.Cluster | Sort-Object -Unique | Should -Be @('pipe-a')
        }
        ServiceNewAlarm = {
            $a = Get-EcsService -Cluster pipe-a -Name web | New-EcsServiceAlarm -Metric Memory -Threshold 92 -Confirm:$false
            $a.Cluster | Should -Be 'pipe-a'
            $a.Service | Should -Be 'web'
        }
        AlarmRemove     = {
            New-EcsServiceAlarm -Cluster pipe-a -Service web -Metric Cpu -Threshold 93 -Confirm:$false | Out-Null
            $before = @(Get-EcsServiceAlarm -Cluster pipe-a -Service web)
            $before | Should -Not -BeNullOrEmpty
            $removed = @($before | Remove-EcsServiceAlarm -Force -PassThru)
            $removed.AlarmName | Sort-Object | Should -Be @($before.AlarmName | Sort-Object)
            Get-EcsServiceAlarm -Cluster pipe-a -Service web | Should -BeNullOrEmpty
        }
        TdNewService    = {
            $net = $Fx.Net
            $svc = $Fx.TaskDefinition | New-EcsFargateService -Cluster pipe-b -Name fromtd @net -Confirm:$false
            $svc.TaskDefinition | Should -Be $Fx.TaskDefinition.TaskDefinitionArn
        }
        TaskTask        = { (Get-EcsTask -Cluster pipe-b | Get-EcsTask).TaskArn | Should -Be @($Fx.OtherTasks.TaskArn) }
        TaskStop        = {
            $Fx.Tasks[0] | Stop-EcsTask -Confirm:$false | Out-Null
            $req = Get-RequestBody StopTask
            $req.cluster | Should -Be @('pipe-a')
            $req.task | Should -Be @($Fx.Tasks[0].TaskArn)
        }
        TdGet           = { ($Fx.TaskDefinition | Get-EcsTaskDefinition).TaskDefinitionArn | Should -Be $Fx.TaskDefinition.TaskDefinitionArn }
        TdStart         = {
            $net = $Fx.Net
            $Fx.TaskDefinition | Start-EcsTask -Cluster pipe-b @net -Confirm:$false | Out-Null
            (Get-RequestBody RunTask).taskDefinition | Should -Be @($Fx.TaskDefinition.TaskDefinitionArn)
        }
        TdUnregister    = {
            $td = Register-EcsTaskDefinition -Family pipegone -Image nginx
            $td | Unregister-EcsTaskDefinition -Force | Out-Null
            (Get-RequestBody DeregisterTaskDefinition).taskDefinition | Should -Be @($td.TaskDefinitionArn)
        }
        FilesRegister   = {
            $dir = Join-Path ([IO.Path]::GetTempPath()) ('pipe-' + [guid]::NewGuid())
            New-Item -ItemType Directory -Path $dir | Out-Null
            try {
                foreach ($f in 'pipefile1', 'pipefile2') {
                    @{ family = $f; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'
                        containerDefinitions = @(@{ name = $f; image = 'nginx' }) } | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $dir "$f.json")
                }
                $out = @(Get-ChildItem (Join-Path $dir '*.json') | Register-EcsTaskDefinition)
                $out.Family | Sort-Object | Should -Be @('pipefile1', 'pipefile2')
            }
            finally { Remove-Item -Recurse -Force $dir }
        }
    }
}

AfterAll {
    if ($script:Env) { Restore-AwsEnvironment -Snapshot $script:Env }
    Stop-RecordingProxy -Proxy $script:Proxy
    Stop-MotoServer -Server $script:Moto
}

Describe 'The table of pipeline pairs' {
    It 'lists every public output type of the module, or says why it is not piped' {
        $outputs = (Get-Module EcsAdmin).ExportedCmdlets.Values | ForEach-Object { $_.OutputType.Type } | Where-Object { $_ -and $_.Namespace -eq 'EcsAdmin.Models' } | ForEach-Object Name | Sort-Object -Unique
        $missing = $outputs | Where-Object { $_ -notin $Pairs.From -and -not $NotPiped.ContainsKey($_) }
        $missing | Should -BeNullOrEmpty -Because 'every output type is piped somewhere (add a pair) or listed in $NotPiped with a reason'
    }

    It 'lists every cmdlet that takes a name from the pipeline, or says why no object feeds it' {
        $consumers = (Get-Module EcsAdmin).ExportedCmdlets.Values | Where-Object { @(Get-PipelineParameter $_.Name).Count -gt 0 } | ForEach-Object Name
        $missing = $consumers | Where-Object { $_ -notin $Pairs.To -and -not $NoObjectInput.ContainsKey($_) }
        $missing | Should -BeNullOrEmpty -Because 'every consumer appears in the table of pairs'
    }
}

Describe 'Pipeline pair <From> | <To>' -ForEach $Pairs {
    It 'binds <Binds> from the piped object''s properties' {
        $type = Get-ModelType $From
        $type | Should -Not -BeNullOrEmpty
        $properties = $type.GetProperties().Name
        $bound = Get-PipelineParameter $To | Where-Object { @($_.Names | Where-Object { $_ -in $properties }).Count -gt 0 } | ForEach-Object Name
        foreach ($b in $Binds) { $bound | Should -Contain $b -Because "$From has a property that feeds -$b of $To" }
    }
}

Describe 'Pipeline pairs run against moto' {
    BeforeAll {
        Reset-MotoServer -Server $script:Moto
        $script:Fx = New-PipeFixture
    }

    It '<From> | <To>' -ForEach @($Pairs.Where({ $_.ContainsKey('Run') })) {
        $script:Proxy.Clear()
        $errs = @(& $Runs[$Run] 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errs | Should -BeNullOrEmpty
    }

    It 'takes a plain -Image for a single-container task definition (Update-EcsService)' {
        $script:Proxy.Clear()
        Update-EcsService -Cluster pipe-a -Name web -Image nginx:1.28 -Confirm:$false | Out-Null
        $register = Get-RequestBody RegisterTaskDefinition
        $register.containerDefinitions.image | Should -Be @('nginx:1.28')
        (Get-RequestBody UpdateService).taskDefinition | Should -BeLike '*:task-definition/pipeweb:*'
    }

    It 'turns settings off with the same switch New and Update take (-Switch:$false)' {
        $script:Proxy.Clear()
        Update-EcsService -Cluster pipe-a -Name web -EnableExecuteCommand:$false -CircuitBreaker:$false -ForceNewDeployment -Confirm:$false | Out-Null
        $req = Get-RequestBody UpdateService
        $req.enableExecuteCommand | Should -Be @($false)
        $req.deploymentConfiguration.deploymentCircuitBreaker.enable | Should -Be @($false)
        $net = $Fx.Net
        $script:Proxy.Clear()
        $Fx.TaskDefinition | New-EcsFargateService -Cluster pipe-b -Name nobreaker -CircuitBreaker:$false -EnableExecuteCommand @net -Confirm:$false | Out-Null
        $create = Get-RequestBody CreateService
        $create.deploymentConfiguration.deploymentCircuitBreaker.enable | Should -Be @($false)
        $create.enableExecuteCommand | Should -Be @($true)
    }

    It 'binds a piped string by value to the name, as before' {
        ('web' | Get-EcsService -Cluster pipe-a).Service | Should -Be 'web'
    }

    It 'refuses an object given as a name on the command line, naming the property to pass' {
        $c = Get-EcsCluster pipe-a
        { Get-EcsService -Name $c -ErrorAction Stop } | Should -Throw -ExpectedMessage '*EcsCluster object is not a name*'
    }
}

Describe 'Files are paths (Register-EcsTaskDefinition)' {
    BeforeAll {
        $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ('tdfiles-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $script:Dir | Out-Null
        function New-TdFile([string] $Family) {
            $path = Join-Path $script:Dir "$Family.json"
            @{ family = $Family; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'
                containerDefinitions = @(@{ name = $Family; image = 'nginx' }) } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $path
            $path
        }
        $script:A = New-TdFile 'filea'
        $script:B = New-TdFile 'fileb'
    }
    AfterAll { Remove-Item -Recurse -Force $script:Dir }
    BeforeEach { $script:Proxy.Clear() }

    It 'reads a positional argument that is a file as the path, not the family' {
        Push-Location $script:Dir
        try { $td = Register-EcsTaskDefinition ./filea.json } finally { Pop-Location }
        $td.Family | Should -Be 'filea'
        (Get-RequestBody RegisterTaskDefinition).family | Should -Be @('filea')
    }

    It 'expands a wildcard to every file it matches, one revision each' {
        $out = @(Register-EcsTaskDefinition (Join-Path $script:Dir '*.json'))
        $out.Family | Sort-Object | Should -Be @('filea', 'fileb')
    }

    It 'reads a piped string that names a .json file as that file' {
        ($script:B | Register-EcsTaskDefinition).Family | Should -Be 'fileb'
    }

    It 'registers what it can read and reports the rest (partial failure)' {
        $out = @(Register-EcsTaskDefinition -Path $script:A, (Join-Path $script:Dir 'missing.json') -ErrorVariable errs -ErrorAction SilentlyContinue)
        $out.Family | Should -Be @('filea')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TaskDefinitionFileUnreadable*'
        $errs[0].TargetObject | Should -BeLike '*missing.json'
    }

    It 'says a word that is neither a file nor JSON wants -Image' {
        Register-EcsTaskDefinition web -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TaskDefinitionFileUnreadable*'
        $errs[0].Exception.Message | Should -BeLike "*'web'*does not exist*"
        $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Image*'
        $script:Proxy.Count('RegisterTaskDefinition') | Should -Be 0
    }

    It 'says a directory is a directory, given or piped' {
        foreach ($run in { Register-EcsTaskDefinition $script:Dir -ErrorVariable e -ErrorAction SilentlyContinue; $e }, { Get-Item $script:Dir | Register-EcsTaskDefinition -ErrorVariable e -ErrorAction SilentlyContinue; $e }) {
            $errs = @(& $run)
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'PathIsDirectory*'
            $errs[0].Exception.Message | Should -BeLike '*is a directory*'
        }
    }

    It 'says a file that exists but cannot be read cannot be read, with the system''s reason' -Skip:(-not (Test-Path /proc/self/mem)) {
        # /proc/self/mem exists for every process but reading it from the start fails, even for root.
        Register-EcsTaskDefinition -Path /proc/self/mem -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TaskDefinitionFileUnreadable*'
        $errs[0].Exception.Message | Should -BeLike "Cannot read the task definition file '/proc/self/mem': *"
        $errs[0].CategoryInfo.Category | Should -Be 'ReadError'
    }

    It 'takes a service folder''s service.json for the folder, and says another file is not a folder' {
        $svcDir = Join-Path $script:Dir 'svc'
        New-Item -ItemType Directory -Path $svcDir | Out-Null
        '{ "serviceName": "web" }' | Set-Content -LiteralPath (Join-Path $svcDir 'service.json')
        # The folder is found from its service.json: what is missing is then the folder's other file.
        Get-Item (Join-Path $svcDir 'service.json') | Compare-EcsService -Cluster pipe-a -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ServiceFileNotFound*'
        $errs[0].TargetObject | Should -Be (Join-Path $svcDir 'task-definition.json')
        Compare-EcsService -Path $script:A -Cluster pipe-a -ErrorVariable errs2 -ErrorAction SilentlyContinue | Out-Null
        $errs2[0].FullyQualifiedErrorId | Should -BeLike 'ServiceFolderExpected*'
        $script:Proxy.Count('DescribeServices') | Should -Be 0
    }
}
