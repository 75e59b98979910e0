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
        @{ From = 'EcsCluster'; To = 'Set-EcsCluster'; Binds = 'Name'; Run = 'Cluster_SetCluster' }
        @{ From = 'EcsCluster'; To = 'Remove-EcsCluster'; Binds = 'Name'; Run = 'ClusterRemove' }
        @{ From = 'EcsCluster'; To = 'Get-EcsContainerInstance'; Binds = 'Cluster'; Run = 'Cluster_GetContainerInstance' }
        @{ From = 'EcsCluster'; To = 'Get-EcsAttribute'; Binds = 'Cluster'; Run = 'Cluster_GetAttribute' }
        @{ From = 'EcsCluster'; To = 'Get-EcsCapacityProvider'; Binds = 'Cluster'; Run = 'Cluster_GetCapacityProvider' }
        @{ From = 'EcsCluster'; To = 'Get-EcsRightSizing'; Binds = 'Cluster'; Run = 'Cluster_GetRightSizing' }
        @{ From = 'EcsCluster'; To = 'Get-EcsServiceAlarm'; Binds = 'Cluster'; Run = 'ClusterAlarms' }
        @{ From = 'EcsCluster'; To = 'Get-EcsScaling'; Binds = 'Cluster'; Run = 'Cluster_GetScaling' }
        @{ From = 'EcsCluster'; To = 'New-EcsAnywhereActivation'; Binds = 'Cluster'; Run = 'Cluster_NewAnywhereActivation' }
        @{ From = 'EcsService'; To = 'Get-EcsTask'; Binds = 'Cluster', 'Service'; Run = 'ServiceTasks' }
        @{ From = 'EcsService'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name'; Run = 'ServiceService' }
        @{ From = 'EcsService'; To = 'Update-EcsService'; Binds = 'Cluster', 'Name'; Run = 'ServiceUpdate' }
        @{ From = 'EcsService'; To = 'Remove-EcsService'; Binds = 'Cluster', 'Name'; Run = 'ServiceRemove' }
        @{ From = 'EcsService'; To = 'Get-EcsServiceHealth'; Binds = 'Cluster', 'Service'; Run = 'ServiceHealth' }
        @{ From = 'EcsService'; To = 'Get-EcsScaling'; Binds = 'Cluster', 'Service'; Run = 'ServiceScaling' }
        @{ From = 'EcsService'; To = 'Wait-EcsService'; Binds = 'Cluster', 'Name'; Run = 'Service_WaitService' }
        @{ From = 'EcsService'; To = 'Undo-EcsService'; Binds = 'Cluster', 'Name'; Run = 'Service_UndoService' }
        @{ From = 'EcsService'; To = 'Export-EcsService'; Binds = 'Cluster', 'Name'; Run = 'Service_ExportService' }
        @{ From = 'EcsService'; To = 'Get-EcsServiceDeployment'; Binds = 'Cluster', 'Name'; Run = 'Service_GetServiceDeployment' }
        @{ From = 'EcsService'; To = 'Get-EcsServiceRevision'; Binds = 'Cluster', 'Name'; Run = 'Service_GetServiceRevision' }
        @{ From = 'EcsService'; To = 'Get-EcsServiceAlarm'; Binds = 'Cluster', 'Service'; Run = 'Service_GetServiceAlarm' }
        @{ From = 'EcsService'; To = 'New-EcsServiceAlarm'; Binds = 'Cluster', 'Service'; Run = 'ServiceNewAlarm' }
        @{ From = 'EcsService'; To = 'Get-EcsServiceMetric'; Binds = 'Cluster', 'Service'; Run = 'Service_GetServiceMetric' }
        @{ From = 'EcsService'; To = 'Get-EcsLog'; Binds = 'Cluster', 'Service'; Run = 'Service_GetLog' }
        @{ From = 'EcsService'; To = 'Get-EcsRightSizing'; Binds = 'Cluster', 'Service'; Run = 'Service_GetRightSizing' }
        @{ From = 'EcsService'; To = 'Set-EcsScaling'; Binds = 'Cluster', 'Service'; Run = 'Service_SetScaling' }
        @{ From = 'EcsService'; To = 'Remove-EcsScaling'; Binds = 'Cluster', 'Service'; Run = 'Service_RemoveScaling' }
        @{ From = 'EcsService'; To = 'Suspend-EcsScaling'; Binds = 'Cluster', 'Service'; Run = 'Service_SuspendScaling' }
        @{ From = 'EcsService'; To = 'Resume-EcsScaling'; Binds = 'Cluster', 'Service'; Run = 'Service_ResumeScaling' }
        @{ From = 'EcsService'; To = 'Invoke-EcsExec'; Binds = 'Cluster', 'Service'; Run = 'Service_InvokeExec' }
        @{ From = 'EcsService'; To = 'Test-EcsServiceReadiness'; Binds = 'Cluster', 'Service'; Run = 'Service_TestServiceReadiness' }
        @{ From = 'EcsTask'; To = 'Get-EcsTask'; Binds = 'Cluster', 'Task'; Run = 'TaskTask' }
        @{ From = 'EcsTask'; To = 'Stop-EcsTask'; Binds = 'Cluster', 'Task'; Run = 'TaskStop' }
        @{ From = 'EcsTask'; To = 'Test-EcsExecReadiness'; Binds = 'Cluster', 'Task'; Run = 'Task_TestExecReadiness' }
        @{ From = 'EcsTask'; To = 'Invoke-EcsExec'; Binds = 'Cluster', 'Task'; Run = 'Task_InvokeExec' }
        @{ From = 'EcsTask'; To = 'Get-EcsLog'; Binds = 'Cluster', 'TaskId'; Run = 'Task_GetLog' }
        @{ From = 'EcsTaskDefinition'; To = 'Get-EcsTaskDefinition'; Binds = 'TaskDefinition'; Run = 'TdGet' }
        @{ From = 'EcsTaskDefinition'; To = 'Start-EcsTask'; Binds = 'TaskDefinition'; Run = 'TdStart' }
        @{ From = 'EcsTaskDefinition'; To = 'Unregister-EcsTaskDefinition'; Binds = 'TaskDefinition'; Run = 'TdUnregister' }
        @{ From = 'EcsTaskDefinition'; To = 'New-EcsFargateService'; Binds = 'TaskDefinition'; Run = 'TdNewService' }
        @{ From = 'EcsTaskDefinition'; To = 'New-EcsService'; Binds = 'TaskDefinition'; Run = 'TaskDefinition_NewService' }
        @{ From = 'EcsTaskDefinitionFamily'; To = 'Get-EcsTaskDefinition'; Binds = 'Family'; Run = 'TaskDefinitionFamily_GetTaskDefinition' }
        @{ From = 'FileInfo'; To = 'Register-EcsTaskDefinition'; Binds = 'Path'; Run = 'FilesRegister' }
        @{ From = 'DirectoryInfo'; To = 'Deploy-EcsService'; Binds = 'Path'; Run = 'DirectoryInfo_DeployService' }
        @{ From = 'DirectoryInfo'; To = 'Compare-EcsService'; Binds = 'Path'; Run = 'DirectoryInfo_CompareService' }
        @{ From = 'DirectoryInfo'; To = 'Test-EcsServiceReadiness'; Binds = 'Path'; Run = 'DirectoryInfo_TestServiceReadiness' }
        @{ From = 'EcsContainerInstance'; To = 'Get-EcsContainerInstance'; Binds = 'Cluster', 'ContainerInstance'; Run = 'ContainerInstance_GetContainerInstance' }
        @{ From = 'EcsContainerInstance'; To = 'Set-EcsContainerInstance'; Binds = 'Cluster', 'ContainerInstance'; Run = 'ContainerInstance_SetContainerInstance' }
        @{ From = 'EcsContainerInstance'; To = 'Remove-EcsContainerInstance'; Binds = 'Cluster', 'ContainerInstance'; Run = 'ContainerInstance_RemoveContainerInstance' }
        @{ From = 'EcsContainerInstance'; To = 'Update-EcsContainerAgent'; Binds = 'Cluster', 'ContainerInstance'; Run = 'ContainerInstance_UpdateContainerAgent' }
        @{ From = 'EcsContainerInstance'; To = 'Get-EcsAttribute'; Binds = 'Cluster', 'ContainerInstance'; Run = 'ContainerInstance_GetAttribute' }
        @{ From = 'EcsContainerInstance'; To = 'Set-EcsAttribute'; Binds = 'Cluster', 'ContainerInstance'; Run = 'ContainerInstance_SetAttribute' }
        @{ From = 'EcsAttribute'; To = 'Remove-EcsAttribute'; Binds = 'Cluster', 'ContainerInstance', 'Name'; Run = 'Attribute_RemoveAttribute' }
        @{ From = 'EcsCapacityProvider'; To = 'Get-EcsCapacityProvider'; Binds = 'Name'; Run = 'CapacityProvider_GetCapacityProvider' }
        @{ From = 'EcsCapacityProvider'; To = 'Set-EcsCapacityProvider'; Binds = 'Name'; Run = 'CapacityProvider_SetCapacityProvider' }
        @{ From = 'EcsCapacityProvider'; To = 'Remove-EcsCapacityProvider'; Binds = 'Name'; Run = 'CapacityProvider_RemoveCapacityProvider' }
        @{ From = 'EcsNamespace'; To = 'Get-EcsNamespace'; Binds = 'Name'; Run = 'Namespace_GetNamespace' }
        @{ From = 'EcsNamespace'; To = 'Remove-EcsNamespace'; Binds = 'Namespace'; Run = 'Namespace_RemoveNamespace' }
        @{ From = 'EcsServiceAlarm'; To = 'Remove-EcsServiceAlarm'; Binds = 'Name'; Run = 'AlarmRemove' }
        @{ From = 'EcsScalingConfiguration'; To = 'Get-EcsScaling'; Binds = 'Cluster', 'Service'; Run = 'ScalingConfiguration_GetScaling' }
        @{ From = 'EcsScalingConfiguration'; To = 'Set-EcsScaling'; Binds = 'Cluster', 'Service'; Run = 'ScalingConfiguration_SetScaling' }
        @{ From = 'EcsScalingConfiguration'; To = 'Suspend-EcsScaling'; Binds = 'Cluster', 'Service'; Run = 'ScalingConfiguration_SuspendScaling' }
        @{ From = 'EcsScalingConfiguration'; To = 'Resume-EcsScaling'; Binds = 'Cluster', 'Service'; Run = 'ScalingConfiguration_ResumeScaling' }
        @{ From = 'EcsScalingConfiguration'; To = 'Remove-EcsScaling'; Binds = 'Cluster', 'Service'; Run = 'ScalingConfiguration_RemoveScaling' }
        @{ From = 'EcsAccountSetting'; To = 'Get-EcsAccountSetting'; Binds = 'Name'; Run = 'AccountSetting_GetAccountSetting' }
        @{ From = 'EcsAccountSetting'; To = 'Set-EcsAccountSetting'; Binds = 'Name', 'Value'; Run = 'AccountSetting_SetAccountSetting' }
        @{ From = 'EcsServiceDeployment'; To = 'Get-EcsServiceDeployment'; Binds = 'Cluster', 'ServiceDeploymentArn'; Run = 'ServiceDeployment_GetServiceDeployment' }
        @{ From = 'EcsServiceDeployment'; To = 'Stop-EcsServiceDeployment'; Binds = 'Cluster', 'ServiceDeploymentArn'; Run = 'ServiceDeployment_StopServiceDeployment' }
        @{ From = 'EcsServiceDeployment'; To = 'Approve-EcsServiceDeployment'; Binds = 'Cluster', 'ServiceDeploymentArn', 'HookId'; Run = 'ServiceDeployment_ApproveServiceDeployment' }
        @{ From = 'EcsServiceDeployment'; To = 'Deny-EcsServiceDeployment'; Binds = 'Cluster', 'ServiceDeploymentArn', 'HookId'; Run = 'ServiceDeployment_DenyServiceDeployment' }
        @{ From = 'EcsServiceRevision'; To = 'Get-EcsServiceRevision'; Binds = 'Cluster', 'ServiceRevisionArn'; Run = 'ServiceRevision_GetServiceRevision' }
        @{ From = 'EcsServiceRevision'; To = 'Compare-EcsServiceRevision'; Binds = 'DifferenceArn'; Run = 'ServiceRevision_CompareServiceRevision' }
        @{ From = 'EcsDeploymentResult'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name'; Run = 'DeploymentResult_GetService' }
        @{ From = 'EcsDeploymentResult'; To = 'Wait-EcsService'; Binds = 'Cluster', 'Name', 'DeploymentId'; Run = 'DeploymentResult_WaitService' }
        @{ From = 'EcsServiceHealth'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name'; Run = 'ServiceHealth_GetService' }
        @{ From = 'EcsServiceHealth'; To = 'Get-EcsTask'; Binds = 'Cluster', 'Service'; Run = 'ServiceHealth_GetTask' }
        @{ From = 'EcsRightSizing'; To = 'Update-EcsService'; Binds = 'Cluster', 'Name', 'Cpu', 'Memory'; Run = 'RightSizing_UpdateService' }
        @{ From = 'EcsRightSizing'; To = 'Set-EcsScaling'; Binds = 'Cluster', 'Service', 'MinCapacity', 'MaxCapacity'; Run = 'RightSizing_SetScaling' }
        @{ From = 'EcsServiceFileExport'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name'; Run = 'ServiceFileExport_GetService' }
        @{ From = 'EcsServiceFileDeployment'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name'; Run = 'ServiceFileDeployment_GetService' }
        @{ From = 'EcsScalingChange'; To = 'Get-EcsScaling'; Binds = 'Cluster', 'Service'; Run = 'ScalingChange_GetScaling' }
        @{ From = 'EcsLogEvent'; To = 'Get-EcsTask'; Binds = 'Cluster', 'Service'; Run = 'LogEvent_GetTask' }
        @{ From = 'EcsMetricPoint'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name'; Run = 'MetricPoint_GetService' }
        @{ From = 'EcsExecCheck'; To = 'Get-EcsTask'; Binds = 'Cluster'; Run = 'ExecCheck_GetTask' }
        @{ From = 'EcsExecResult'; To = 'Get-EcsTask'; Binds = 'Cluster', 'Task'; Run = 'ExecResult_GetTask' }
        @{ From = 'EcsAnywhereActivation'; To = 'Get-EcsContainerInstance'; Binds = 'Cluster'; Run = 'AnywhereActivation_GetContainerInstance' }
        @{ From = 'EcsService'; To = 'Get-EcsServiceEvent'; Binds = 'Cluster', 'Name'; Run = 'Service_GetServiceEvent' }
        @{ From = 'EcsServiceEvent'; To = 'Get-EcsService'; Binds = 'Cluster', 'Name'; Run = 'ServiceEvent_GetService' }
        @{ From = 'EcsTask'; To = 'Start-EcsPortForward'; Binds = 'Cluster', 'Task'; Run = 'Task_StartPortForward' }
        @{ From = 'EcsTask'; To = 'Copy-EcsFile'; Binds = 'Cluster', 'Task'; Run = 'Task_CopyFile' }
        @{ From = 'EcsTask'; To = 'Get-EcsPortForward'; Binds = 'Task'; Run = 'Task_GetPortForward' }
        @{ From = 'EcsPortForward'; To = 'Get-EcsTask'; Binds = 'Cluster', 'Task'; Run = 'PortForward_GetTask' }
        @{ From = 'EcsPortForward'; To = 'Stop-EcsPortForward'; Binds = 'Id'; Run = 'PortForward_StopPortForward' }
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
    # module -> recording proxy -> exec test server (ExecuteCommand, StartSession, TerminateSession and the data
    # channel; every other call forwarded) -> moto, so exec, port-forward and copy pairs run like the rest.
    $script:ExecServer = Start-ExecTestServer -Upstream $script:Moto.Url
    $script:Proxy = Start-RecordingProxy -Upstream $script:ExecServer.Url
    $script:Env = Set-FakeAwsEnvironment -EndpointUrl $script:Proxy.Url
    Import-EcsAdminUnderTest
    # Compiled once per run for every process (PortForward.Tests.ps1 takes the same assembly).
    Add-CachedType -Name PortForwardServers -TypeName 'EcsAdminTest.PortTestServer' -Source (Get-Content -LiteralPath (Join-Path $PSScriptRoot 'PortForwardServers.cs') -Raw)
    $script:Page = "<html><body>piped forward $([guid]::NewGuid())</body></html>"
    $script:Web = [EcsAdminTest.PortTestServer]::new('127.0.0.1', $script:Page)
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

    # Every real object a run pipes, by type name: the CSV test below reads one of each.
    $script:Samples = @{}
    filter Keep { $script:Samples[$_.GetType().Name] = $_; $_ }

    function Invoke-Moto {
        # Straight to moto for fixtures the module has no cmdlet for (not through the proxy, so runs see only theirs).
        param([string] $Service, [string] $Operation, [hashtable] $Body)
        Invoke-MotoJsonApi -MotoUrl $script:Moto.Url -Service $Service -Operation $Operation -Body $Body
    }

    function Get-Fresh {
        # The object a run pipes, made first; the proxy then forgets the requests that made it, so only the consumer's count.
        param([scriptblock] $Make)
        $made = & $Make
        $script:Proxy.Clear()
        $made
    }

    function Get-PipeDeployment {
        Add-DeploymentReplies
        Get-Fresh { Get-EcsServiceDeployment -Cluster pipe-a api | Where-Object ServiceDeploymentArn -EQ $script:DepArn }
    }

    function Assert-HookContinued {
        $req = Get-RequestBody ContinueServiceDeployment
        $req.serviceDeploymentArn | Should -Be @($script:DepArn)
        $req.hookId | Should -Be @('hook-3f2a9c')
    }

    function New-PipeContainerInstance {
        # EC2 instances in moto registered as container instances of cluster pipe-ci.
        $headers = @{ Authorization = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0' }
        $form = 'Action=RunInstances&ImageId=ami-12c6146b&MinCount=2&MaxCount=2&InstanceType=t3.medium&Version=2016-11-15'
        $xml = (Invoke-WebRequest -Method Post -Uri $script:Moto.Url -Headers $headers -ContentType 'application/x-www-form-urlencoded' -Body $form).Content
        foreach ($id in @([regex]::Matches($xml, '<instanceId>(i-[0-9a-f]+)</instanceId>') | ForEach-Object { $_.Groups[1].Value })) {
            $doc = @{ instanceId = $id; region = 'us-east-1'; availabilityZone = 'us-east-1a'; instanceType = 't3.medium' } | ConvertTo-Json -Compress
            (Invoke-Moto ecs RegisterContainerInstance @{ cluster = 'pipe-ci'; instanceIdentityDocument = $doc }).containerInstance.containerInstanceArn
        }
    }

    function New-PipeFixture {
        $net = New-MotoFargateNetwork -MotoUrl $script:Moto.Url -Name pipe
        'pipe-a', 'pipe-b', 'pipe-empty', 'pipe-empty2', 'pipe-ci', 'pipe-rs' | New-EcsCluster | Out-Null
        $td = @{
            family = 'pipeweb'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'
            containerDefinitions = @(@{ name = 'web'; image = 'nginx:1.27'; essential = $true; memory = 512
                    logConfiguration = @{ logDriver = 'awslogs'; options = @{ 'awslogs-group' = '/ecs/pipeweb'; 'awslogs-region' = 'us-east-1'; 'awslogs-stream-prefix' = 'ecs' } } })
        } | Register-EcsTaskDefinition
        foreach ($s in 'api', 'web') { $td | New-EcsFargateService -Cluster pipe-a -Name $s -DesiredCount 1 @net | Out-Null }
        $td | New-EcsFargateService -Cluster pipe-b -Name other -DesiredCount 1 @net | Out-Null
        # moto starts no service task: a service that wants none is the one whose deployment finishes.
        $td | New-EcsFargateService -Cluster pipe-b -Name idle -DesiredCount 0 @net | Out-Null
        # An over-sized service (1 vCPU, 2 GiB, little used), for right-sizing verdicts with a recommendation.
        $big = @{ family = 'pipebig'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '1024'; memory = '2048'
            containerDefinitions = @(@{ name = 'big'; image = 'nginx:1.27'; essential = $true }) } | Register-EcsTaskDefinition
        $big | New-EcsFargateService -Cluster pipe-rs -Name big -DesiredCount 2 @net | Out-Null
        # A small service whose CPU peaks pass its size while the rest fits: the verdict is to scale (min and max).
        $td | New-EcsFargateService -Cluster pipe-rs -Name peaky -DesiredCount 1 @net | Out-Null
        $tasks = @(Start-EcsTask -Cluster pipe-a -TaskDefinition $td.TaskDefinitionArn -Count 2 @net)
        $other = @(Start-EcsTask -Cluster pipe-b -TaskDefinition $td.TaskDefinitionArn @net)
        $instances = @(New-PipeContainerInstance)
        # One log line per task of pipe-a, in the stream awslogs names ecs/<container>/<task id>.
        $null = Invoke-Moto logs CreateLogGroup @{ logGroupName = '/ecs/pipeweb' }
        $now = [DateTimeOffset]::UtcNow
        foreach ($t in $tasks) {
            $null = Invoke-Moto logs CreateLogStream @{ logGroupName = '/ecs/pipeweb'; logStreamName = "ecs/web/$($t.TaskId)" }
            $null = Invoke-Moto logs PutLogEvents @{ logGroupName = '/ecs/pipeweb'; logStreamName = "ecs/web/$($t.TaskId)"
                logEvents = @(@{ timestamp = $now.AddMinutes(-5).ToUnixTimeMilliseconds(); message = "line of $($t.TaskId)" }) }
        }
        # Fourteen days of hourly utilisation for pipe-a/api, so right-sizing has a verdict and metrics have points.
        foreach ($svc in @(@('pipe-a', 'api', 5, 10), @('pipe-rs', 'big', 5, 10), @('pipe-rs', 'peaky', 30, 95))) {
            foreach ($metric in @(@('CPUUtilization', $svc[2], $svc[3]), @('MemoryUtilization', 8, 12))) {
                $data = for ($h = 1; $h -lt 14 * 24; $h++) {
                    @{ MetricName = $metric[0]; Unit = 'Percent'; Timestamp = $now.AddHours(-$h).ToUnixTimeSeconds()
                        Value = $(if ($h % 72 -eq 12) { $metric[2] } else { $metric[1] })
                        Dimensions = @(@{ Name = 'ClusterName'; Value = $svc[0] }, @{ Name = 'ServiceName'; Value = $svc[1] }) }
                }
                $null = Invoke-Moto monitoring PutMetricData @{ Namespace = 'AWS/ECS'; MetricData = @($data) }
            }
        }
        [pscustomobject]@{ Net = $net; TaskDefinition = $td; Tasks = $tasks; OtherTasks = $other; Instances = $instances }
    }

    # The deployments API (moto lacks it), shaped as ECS documents ListServiceDeployments, DescribeServiceDeployments
    # and DescribeServiceRevisions: a deployment of pipe-a/api paused at a lifecycle hook, from an older revision.
    $script:Acct = 'arn:aws:ecs:us-east-1:123456789012'
    $script:DepArn = "$Acct`:service-deployment/pipe-a/api/Dep0a1b2c3d4e5f6a7b8c9"
    $script:NewRev = "$Acct`:service-revision/pipe-a/api/1111111111111111111"
    $script:OldRev = "$Acct`:service-revision/pipe-a/api/2222222222222222222"
    function Add-DeploymentReplies {
        $epoch = [DateTimeOffset]::UtcNow.AddMinutes(-10).ToUnixTimeSeconds()
        $svc = "$Acct`:service/pipe-a/api"; $cluster = "$Acct`:cluster/pipe-a"
        $briefs = @(
            @{ serviceDeploymentArn = $DepArn; serviceArn = $svc; clusterArn = $cluster; status = 'IN_PROGRESS'; targetServiceRevisionArn = $NewRev; createdAt = $epoch; startedAt = $epoch }
            @{ serviceDeploymentArn = "$DepArn-older"; serviceArn = $svc; clusterArn = $cluster; status = 'SUCCESSFUL'; targetServiceRevisionArn = $OldRev; createdAt = $epoch - 86400; startedAt = $epoch - 86400; finishedAt = $epoch - 86000 })
        $script:Proxy.AddReply('ListServiceDeployments', (@{ serviceDeployments = $briefs } | ConvertTo-Json -Depth 6 -Compress), -1)
        $dep = @{
            serviceDeploymentArn = $DepArn; serviceArn = $svc; clusterArn = $cluster; createdAt = $epoch; startedAt = $epoch; updatedAt = $epoch + 60
            sourceServiceRevisions = @(@{ arn = $OldRev; requestedTaskCount = 1; runningTaskCount = 1; pendingTaskCount = 0 })
            targetServiceRevision = @{ arn = $NewRev; requestedTaskCount = 1; runningTaskCount = 1; pendingTaskCount = 0 }
            status = 'IN_PROGRESS'; lifecycleStage = 'POST_TEST_TRAFFIC_SHIFT'
            deploymentConfiguration = @{ strategy = 'BLUE_GREEN'; bakeTimeInMinutes = 15; maximumPercent = 200; minimumHealthyPercent = 100 }
            lifecycleHookDetails = @(@{ hookId = 'hook-3f2a9c'; targetType = 'PAUSE'; status = 'AWAITING_ACTION'; expiresAt = $epoch + 3600; timeoutAction = 'ROLLBACK' })
        }
        $script:Proxy.AddReply('DescribeServiceDeployments', (@{ serviceDeployments = @($dep); failures = @() } | ConvertTo-Json -Depth 10 -Compress), -1)
        $revs = foreach ($r in $NewRev, $OldRev) {
            @{ serviceRevisionArn = $r; serviceArn = $svc; clusterArn = $cluster; taskDefinition = $Fx.TaskDefinition.TaskDefinitionArn; launchType = 'FARGATE'
                createdAt = $epoch; containerImages = @(@{ containerName = 'web'; image = $(if ($r -eq $NewRev) { 'nginx:1.28' } else { 'nginx:1.27' }); imageDigest = 'sha256:0b1c' }) }
        }
        $script:Proxy.AddReply('DescribeServiceRevisions', (@{ serviceRevisions = @($revs); failures = @() } | ConvertTo-Json -Depth 8 -Compress), -1)
        $script:Proxy.AddReply('ContinueServiceDeployment', (@{ serviceDeploymentArn = $DepArn } | ConvertTo-Json -Compress), -1)
        $script:Proxy.AddReply('StopServiceDeployment', (@{ serviceDeploymentArn = $DepArn } | ConvertTo-Json -Compress), -1)
        Add-ServiceReply -Service api -Member @{ currentServiceDeployment = $DepArn
            currentServiceRevisions = @(@{ arn = $NewRev; requestedTaskCount = 1; runningTaskCount = 1; pendingTaskCount = 0 }) }
    }

    function Add-ServiceReply {
        # moto's own DescribeServices reply for a service of pipe-a, with members moto does not keep added as ECS names them.
        param([string] $Service, [hashtable] $Member)
        $reply = Invoke-Moto ecs DescribeServices @{ cluster = 'pipe-a'; services = @($Service) }
        foreach ($k in $Member.Keys) { $reply.services[0] | Add-Member -NotePropertyName $k -NotePropertyValue $Member[$k] -Force }
        $script:Proxy.AddReply('DescribeServices', ($reply | ConvertTo-Json -Depth 20 -Compress), -1)
    }

    function Add-ServiceEventReply {
        # moto keeps no service events: pipe-a/web with two events as ECS writes them.
        $at = [DateTimeOffset]::UtcNow.AddMinutes(-3).ToUnixTimeSeconds()
        Add-ServiceReply -Service web -Member @{ events = @(
                @{ id = 'e2a1b2c3-0000-4000-8000-000000000002'; createdAt = $at + 60; message = '(service web) has reached a steady state.' }
                @{ id = 'e2a1b2c3-0000-4000-8000-000000000001'; createdAt = $at; message = '(service web) has started 1 tasks: (task 0a1b2c3d).' }) }
    }

    function Add-ExecTaskReply {
        # DescribeTasks as ECS answers it for a running task with the exec agent (moto has no runtime ids or agents).
        param($Task)
        $reply = @{
            tasks    = @(@{
                    taskArn = $Task.TaskArn; clusterArn = "$Acct`:cluster/$($Task.Cluster)"; lastStatus = 'RUNNING'; desiredStatus = 'RUNNING'
                    enableExecuteCommand = $true; launchType = 'FARGATE'; platformVersion = '1.4.0'; taskDefinitionArn = $Fx.TaskDefinition.TaskDefinitionArn
                    containers = @(@{ containerArn = "$Acct`:container/$($Task.Cluster)/$($Task.TaskId)/0c1d2e3f"; taskArn = $Task.TaskArn; name = 'web'
                            runtimeId = "$($Task.TaskId)-1234567890"; lastStatus = 'RUNNING'; managedAgents = @(@{ name = 'ExecuteCommandAgent'; lastStatus = 'RUNNING' }) })
                })
            failures = @()
        }
        $script:Proxy.AddReply('DescribeTasks', ($reply | ConvertTo-Json -Depth 10 -Compress), -1)
    }

    function Add-AccountSettingReply {
        # ListAccountSettings as ECS answers it (moto leaves out the principal, which ECS always names).
        $script:Proxy.AddReply('ListAccountSettings', '{"settings":[{"name":"containerInsights","value":"enabled","principalArn":"arn:aws:iam::123456789012:root","type":"user"},{"name":"awsvpcTrunking","value":"enabled","principalArn":"arn:aws:iam::123456789012:root","type":"user"}]}', -1)
    }

    function Get-SentMentioning {
        # The requests whose body names this value (the cluster or service a piped object carried).
        param([string] $Operation, [string] $Value)
        @(Get-RecordedRequest -Proxy $script:Proxy -Operation $Operation | Where-Object { $_.Body -match [regex]::Escape($Value) })
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
            $net = $Fx.Net
            $Fx.TaskDefinition | New-EcsFargateService -Cluster pipe-b -Name gone -DesiredCount 0 @net | Out-Null
            Get-EcsService -Cluster pipe-b -Name gone | Remove-EcsService -Force | Out-Null
            $req = Get-RequestBody DeleteService
            $req.cluster | Should -Be @('pipe-b')
            $req.service | Should -Be @('gone')
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
        TaskTask        = { (Get-EcsTask -Cluster pipe-b | Keep | Get-EcsTask).TaskArn | Should -Be @($Fx.OtherTasks.TaskArn) }
        TaskStop        = {
            $Fx.Tasks[0] | Stop-EcsTask -Confirm:$false | Out-Null
            $req = Get-RequestBody StopTask
            $req.cluster | Should -Be @('pipe-a')
            $req.task | Should -Be @($Fx.Tasks[0].TaskArn)
        }
        TdGet           = { ($Fx.TaskDefinition | Keep | Get-EcsTaskDefinition).TaskDefinitionArn | Should -Be $Fx.TaskDefinition.TaskDefinitionArn }
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
        Cluster_SetCluster = {
            Get-EcsCluster pipe-b | Keep | Set-EcsCluster -ContainerInsights enabled -Confirm:$false | Out-Null
            $sent = @(Get-RequestBody UpdateClusterSettings) + @(Get-RequestBody UpdateCluster)
            $sent.cluster | Should -Be @('pipe-b')
        }
        Cluster_GetContainerInstance = {
            $out = @(Get-EcsCluster pipe-ci | Get-EcsContainerInstance | Keep)
            $out.ContainerInstanceArn | Sort-Object | Should -Be @($Fx.Instances | Sort-Object)
            (Get-RequestBody ListContainerInstances).cluster | Should -Be @('pipe-ci')
        }
        Cluster_GetAttribute = {
            $out = @(Get-EcsCluster pipe-ci | Get-EcsAttribute | Keep)
            (Get-RequestBody ListAttributes).cluster | Should -Be @('pipe-ci')
            $out.Cluster | Sort-Object -Unique | Should -Be 'pipe-ci'
        }
        Cluster_GetCapacityProvider = {
            # moto fails DescribeCapacityProviders for the built-in FARGATE: the reply is ECS's documented shape.
            $script:Proxy.AddReply('DescribeCapacityProviders', '{"capacityProviders":[{"capacityProviderArn":"arn:aws:ecs:us-east-1:123456789012:capacity-provider/FARGATE","name":"FARGATE","status":"ACTIVE","tags":[]}],"failures":[]}', -1)
            Set-EcsCluster pipe-empty2 -CapacityProvider FARGATE -Confirm:$false | Out-Null
            $script:Proxy.Clear()
            $out = @(Get-EcsCluster pipe-empty2 | Get-EcsCapacityProvider)
            $out.Name | Should -Be @('FARGATE')
            (Get-RequestBody DescribeClusters).clusters | Should -Contain 'pipe-empty2'
        }
        Cluster_GetRightSizing = {
            $out = @(Get-EcsCluster pipe-a | Get-EcsRightSizing | Keep)
            $out.Service | Sort-Object | Should -Be @('api', 'web')
            $out.Cluster | Sort-Object -Unique | Should -Be 'pipe-a'
            @(Get-EcsCluster pipe-a | Get-EcsRightSizing -Summary | Keep).Cluster | Should -Be 'pipe-a'
        }
        Cluster_GetScaling = {
            Set-EcsScaling -Cluster pipe-b -Service other -MinCapacity 1 -MaxCapacity 3 -Confirm:$false | Out-Null
            $out = @(Get-EcsCluster pipe-b | Get-EcsScaling | Keep)
            $out.ResourceId | Should -Be @('service/pipe-b/other')
        }
        Cluster_NewAnywhereActivation = {
            # moto lacks SSM CreateActivation: the reply is AWS's documented shape.
            $script:Proxy.AddReply('CreateActivation', '{"ActivationId":"e488f2f6-e686-4afb-8a04-ef6dfEXAMPLE","ActivationCode":"Zq5ZJb0Vb4c4mRiEXAMPLE"}', 1)
            $a = Get-EcsCluster pipe-ci | New-EcsAnywhereActivation -IamRole ecsAnywhereRole -Confirm:$false | Keep
            $a.ActivationId | Should -Be 'e488f2f6-e686-4afb-8a04-ef6dfEXAMPLE'
            $a.Cluster | Should -Be 'pipe-ci'
            $a.GetLinuxCommand() | Should -BeLike '*--cluster "pipe-ci"*'
            (Get-RequestBody CreateActivation).IamRole | Should -Be @('ecsAnywhereRole')
        }
        Service_WaitService = {
            $r = Get-EcsService -Cluster pipe-b -Name idle | Keep | Wait-EcsService -TimeoutSec 60 | Keep
            $r.Service | Should -Be 'idle'
            $r.Cluster | Should -Be 'pipe-b'
            (Get-RequestBody DescribeServices).services | Should -Contain 'idle'
        }
        Service_UndoService = {
            Add-DeploymentReplies
            # A deployment in flight is rolled back (StopServiceDeployment ROLLBACK), not redeployed.
            Get-EcsService -Cluster pipe-a -Name api | Undo-EcsService -Force | Out-Null
            $req = Get-RequestBody StopServiceDeployment
            $req.serviceDeploymentArn | Should -Be @($script:DepArn)
            $req.stopType | Should -Be @('ROLLBACK')
        }
        Service_ExportService = {
            $dir = Join-Path ([IO.Path]::GetTempPath()) ('pipe-export-' + [guid]::NewGuid().ToString('N'))
            $script:ExportDir = $dir
            $x = Get-EcsService -Cluster pipe-a -Name web | Export-EcsService -Path $dir -Confirm:$false | Keep
            $x.Service | Should -Be 'web'
            ((Get-Content -Raw (Join-Path $dir 'service.json')) | ConvertFrom-Json).serviceName | Should -Be 'web'
        }
        Service_GetServiceDeployment = {
            Add-DeploymentReplies
            $d = @(Get-EcsService -Cluster pipe-a -Name api | Get-EcsServiceDeployment | Keep)
            $d.ServiceDeploymentArn | Should -Contain $script:DepArn
            $req = Get-RequestBody ListServiceDeployments
            $req.cluster | Should -Be @('pipe-a')
            $req.service | Should -Be @('api')
        }
        Service_GetServiceRevision = {
            Add-DeploymentReplies
            $r = @(Get-EcsService -Cluster pipe-a -Name api | Get-EcsServiceRevision | Keep)
            $r.ServiceRevisionArn | Should -Contain $script:NewRev
            (Get-RequestBody DescribeServices)[-1].services | Should -Be @('api')
            (Get-RequestBody DescribeServiceRevisions).serviceRevisionArns | Should -Be @($script:NewRev)
        }
        Service_GetServiceAlarm = {
            New-EcsServiceAlarm -Cluster pipe-b -Service other -Metric Memory -Threshold 81 -Confirm:$false | Out-Null
            $out = @(Get-EcsService -Cluster pipe-b -Name other | Get-EcsServiceAlarm | Keep)
            $out | Should -Not -BeNullOrEmpty
            $out.Service | Sort-Object -Unique | Should -Be 'other'
        }
        Service_GetServiceMetric = {
            $out = @(Get-EcsService -Cluster pipe-a -Name api | Get-EcsServiceMetric -Window ([timespan]::FromHours(6)) | Keep)
            $out | Should -Not -BeNullOrEmpty
            $out.MetricName | Sort-Object -Unique | Should -Be @('CPUUtilization', 'MemoryUtilization')
            $dims = (Get-RequestBody GetMetricData).MetricDataQueries.MetricStat.Metric.Dimensions
            ($dims | Where-Object Name -EQ ServiceName).Value | Sort-Object -Unique | Should -Be 'api'
        }
        Service_GetLog = {
            $out = @(Get-EcsService -Cluster pipe-a -Name web | Get-EcsLog -Since (Get-Date).AddHours(-1) | Keep)
            (Get-RequestBody FilterLogEvents).logGroupName | Sort-Object -Unique | Should -Be '/ecs/pipeweb'
            $out.Service | Sort-Object -Unique | Should -Be 'web'
        }
        Service_GetRightSizing = {
            $out = @(Get-EcsService -Cluster pipe-a -Name api | Get-EcsRightSizing | Keep)
            $out.Service | Should -Be @('api')
            $out.Cluster | Should -Be @('pipe-a')
        }
        Service_SetScaling = {
            $c = @(Get-EcsService -Cluster pipe-a -Name api | Set-EcsScaling -MinCapacity 1 -MaxCapacity 4 -TargetCpuPercent 60 -Confirm:$false | Keep)
            $c | Should -Not -BeNullOrEmpty
            (Get-RequestBody RegisterScalableTarget).ResourceId | Should -Be @('service/pipe-a/api')
        }
        Service_RemoveScaling = {
            Set-EcsScaling -Cluster pipe-b -Service other -MinCapacity 1 -MaxCapacity 2 -Confirm:$false | Out-Null
            $script:Proxy.Clear()
            Get-EcsService -Cluster pipe-b -Name other | Remove-EcsScaling -Force | Out-Null
            (Get-RequestBody DeregisterScalableTarget).ResourceId | Should -Be @('service/pipe-b/other')
        }
        Service_SuspendScaling = {
            Set-EcsScaling -Cluster pipe-a -Service web -MinCapacity 1 -MaxCapacity 2 -Confirm:$false | Out-Null
            $script:Proxy.Clear()
            $s = Get-EcsService -Cluster pipe-a -Name web | Suspend-EcsScaling -Confirm:$false
            $req = @(Get-RequestBody RegisterScalableTarget)
            $req[-1].ResourceId | Should -Be 'service/pipe-a/web'
            $req[-1].SuspendedState.DynamicScalingInSuspended | Should -BeTrue
        }
        Service_ResumeScaling = {
            $s = Get-EcsService -Cluster pipe-a -Name web | Resume-EcsScaling -Confirm:$false
            $req = @(Get-RequestBody RegisterScalableTarget)
            $req[-1].ResourceId | Should -Be 'service/pipe-a/web'
            $req[-1].SuspendedState.DynamicScalingInSuspended | Should -BeFalse
        }
        Service_InvokeExec = {
            # moto ignores the service filter of ListTasks, so every task of pipe-b answers.
            $r = @(Get-EcsService -Cluster pipe-b -Name other | Invoke-EcsExec -Command 'echo piped-$((6*7))' -Confirm:$false | Keep)
            $r | Should -Not -BeNullOrEmpty
            $r.Output | Sort-Object -Unique | Should -Be "piped-42`n"
            $r.Cluster | Sort-Object -Unique | Should -Be 'pipe-b'
            (Get-RequestBody ExecuteCommand).cluster | Sort-Object -Unique | Should -Be 'pipe-b'
            (Get-RequestBody ListTasks).serviceName | Should -Be @('other')
        }
        Service_TestServiceReadiness = {
            $out = @(Get-EcsService -Cluster pipe-a -Name web | Test-EcsServiceReadiness | Keep)
            $out | Should -Not -BeNullOrEmpty
            (Get-RequestBody DescribeServices).services | Should -Contain 'web'
        }
        Task_TestExecReadiness = {
            Add-ExecTaskReply $Fx.Tasks[1]
            $out = @($Fx.Tasks[1] | Test-EcsExecReadiness | Keep)
            $out.TaskId | Sort-Object -Unique | Should -Be $Fx.Tasks[1].TaskId
            $req = Get-RequestBody DescribeTasks
            $req[0].cluster | Should -Be 'pipe-a'
            $req[0].tasks | Should -Be @($Fx.Tasks[1].TaskArn)
        }
        Task_InvokeExec = {
            $r = $Fx.Tasks[1] | Invoke-EcsExec -Command 'echo from-task' -Confirm:$false | Keep
            $r.Output | Should -Be "from-task`n"
            $r.TaskArn | Should -Be $Fx.Tasks[1].TaskArn
            $req = Get-RequestBody ExecuteCommand
            $req.cluster | Should -Be @('pipe-a')
            $req.task | Should -Be @($Fx.Tasks[1].TaskArn)
        }
        Task_GetLog = {
            $out = @($Fx.Tasks[1] | Get-EcsLog -Since (Get-Date).AddHours(-1) | Keep)
            $out.Message | Should -Be @("line of $($Fx.Tasks[1].TaskId)")
            $out.TaskId | Should -Be @($Fx.Tasks[1].TaskId)
        }
        TaskDefinition_NewService = {
            $net = $Fx.Net
            $svc = $Fx.TaskDefinition | New-EcsService -Cluster pipe-b -Name fromtd2 -LaunchType FARGATE -DesiredCount 0 @net -Confirm:$false
            (Get-RequestBody CreateService).taskDefinition | Should -Be @($Fx.TaskDefinition.TaskDefinitionArn)
            $svc.TaskDefinition | Should -Be $Fx.TaskDefinition.TaskDefinitionArn
        }
        TaskDefinitionFamily_GetTaskDefinition = {
            $f = Get-EcsTaskDefinition -ListFamilies | Where-Object Family -EQ pipeweb | Keep
            $f | Should -Not -BeNullOrEmpty
            ($f | Get-EcsTaskDefinition).Family | Should -Be 'pipeweb'
            (Get-RequestBody DescribeTaskDefinition).taskDefinition | Should -Be @('pipeweb')
        }
        DirectoryInfo_CompareService = {
            # The file asks for three tasks where web runs one: one difference to find.
            $file = Join-Path $script:ExportDir 'service.json'
            $doc = Get-Content -Raw $file | ConvertFrom-Json
            $doc.desiredCount = 3
            $doc | ConvertTo-Json -Depth 30 | Set-Content $file
            $diffs = @(Get-Item $script:ExportDir | Compare-EcsService -Cluster pipe-a | Keep)
            ($diffs | Where-Object PropertyPath -Like '*desiredCount*') | Should -Not -BeNullOrEmpty
            $req = Get-RequestBody DescribeServices
            $req.cluster | Should -Contain 'pipe-a'
            $req.services | Should -Contain 'web'
            $diffs | Where-Object { $_ -isnot [EcsAdmin.Models.EcsServiceDifference] } | Should -BeNullOrEmpty
        }
        DirectoryInfo_TestServiceReadiness = {
            $out = @(Get-Item $script:ExportDir | Test-EcsServiceReadiness -Cluster pipe-a | Keep)
            $out | Should -Not -BeNullOrEmpty
            $out[0].Service | Should -Be 'web'
        }
        DirectoryInfo_DeployService = {
            # moto's VPC has no route to ECR or CloudWatch Logs, which the readiness checks run first would refuse.
            $d = Get-Item $script:ExportDir | Deploy-EcsService -Cluster pipe-a -SkipPreflight -Confirm:$false | Keep
            $d.Service | Should -Be 'web'
            $d.Cluster | Should -Be 'pipe-a'
        }
        ContainerInstance_GetContainerInstance = {
            $ci = Get-Fresh { Get-EcsContainerInstance -Cluster pipe-ci | Select-Object -First 1 }
            ($ci | Get-EcsContainerInstance).ContainerInstanceArn | Should -Be $ci.ContainerInstanceArn
            $req = Get-RequestBody DescribeContainerInstances
            $req.cluster | Should -Be @('pipe-ci')
            $req.containerInstances | Should -Be @($ci.ContainerInstanceArn)
        }
        ContainerInstance_SetContainerInstance = {
            $ci = Get-Fresh { Get-EcsContainerInstance -Cluster pipe-ci | Select-Object -First 1 }
            $ci | Set-EcsContainerInstance -Status DRAINING -Confirm:$false | Out-Null
            $req = Get-RequestBody UpdateContainerInstancesState
            $req.cluster | Should -Be @('pipe-ci')
            $req.containerInstances | Should -Be @($ci.ContainerInstanceArn)
            $req.status | Should -Be @('DRAINING')
        }
        ContainerInstance_UpdateContainerAgent = {
            $ci = Get-EcsContainerInstance -Cluster pipe-ci | Select-Object -First 1
            $script:Proxy.AddReply('UpdateContainerAgent', '{"containerInstance":{"containerInstanceArn":"' + $ci.ContainerInstanceArn + '","status":"ACTIVE","agentConnected":true,"agentUpdateStatus":"PENDING","versionInfo":{"agentVersion":"1.0.0"}}}', 1)
            $script:Proxy.Clear()
            $ci | Update-EcsContainerAgent -Confirm:$false | Out-Null
            $req = Get-RequestBody UpdateContainerAgent
            $req.cluster | Should -Be @('pipe-ci')
            $req.containerInstance | Should -Be @($ci.ContainerInstanceArn)
        }
        ContainerInstance_SetAttribute = {
            $ci = Get-Fresh { Get-EcsContainerInstance -Cluster pipe-ci | Select-Object -First 1 }
            $ci | Set-EcsAttribute -Name pipe.role -Value edge -Confirm:$false | Out-Null
            $req = Get-RequestBody PutAttributes
            $req.cluster | Should -Be @('pipe-ci')
            $ci.ContainerInstanceArn | Should -BeLike "*/$($req.attributes.targetId)"
            $req.attributes.name | Should -Be @('pipe.role')
        }
        ContainerInstance_GetAttribute = {
            $ci = Get-EcsContainerInstance -Cluster pipe-ci | Select-Object -First 1
            $ci | Set-EcsAttribute -Name pipe.zone -Value a -Confirm:$false | Out-Null
            $out = @($ci | Get-EcsAttribute | Keep)
            ($out | Where-Object Name -EQ pipe.zone).Value | Should -Be 'a'
            $out.Cluster | Sort-Object -Unique | Should -Be 'pipe-ci'
        }
        Attribute_RemoveAttribute = {
            $ci = Get-EcsContainerInstance -Cluster pipe-ci | Select-Object -First 1
            $ci | Set-EcsAttribute -Name pipe.gone -Value x -Confirm:$false | Out-Null
            $a = Get-EcsAttribute -Cluster pipe-ci -Name pipe.gone | Keep
            $script:Proxy.Clear()
            $a | Remove-EcsAttribute -Force | Out-Null
            $req = Get-RequestBody DeleteAttributes
            $req.cluster | Should -Be @('pipe-ci')
            $req.attributes.name | Should -Be @('pipe.gone')
            $ci.ContainerInstanceArn | Should -BeLike "*/$($req.attributes.targetId)"
        }
        ContainerInstance_RemoveContainerInstance = {
            $ci = Get-EcsContainerInstance -Cluster pipe-ci | Select-Object -Last 1 | Keep
            $script:Proxy.Clear()
            $ci | Remove-EcsContainerInstance -Force | Out-Null
            $req = Get-RequestBody DeregisterContainerInstance
            $req.cluster | Should -Be @('pipe-ci')
            $req.containerInstance | Should -Be @($ci.ContainerInstanceArn)
        }
        CapacityProvider_GetCapacityProvider = {
            New-EcsCapacityProvider -Name pipe-cp -AutoScalingGroupArn 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d:autoScalingGroupName/pipe-asg' -Confirm:$false | Out-Null
            $script:Proxy.Clear()
            $cp = Get-EcsCapacityProvider pipe-cp | Keep
            ($cp | Get-EcsCapacityProvider).Name | Should -Be 'pipe-cp'
            (Get-RequestBody DescribeCapacityProviders)[-1].capacityProviders | Should -Contain 'pipe-cp'
        }
        CapacityProvider_SetCapacityProvider = {
            $script:Proxy.Clear()
            Get-EcsCapacityProvider pipe-cp | Set-EcsCapacityProvider -TargetCapacity 80 -Confirm:$false | Out-Null
            $req = Get-RequestBody UpdateCapacityProvider
            $req.name | Should -Be @('pipe-cp')
            $req.autoScalingGroupProvider.managedScaling.targetCapacity | Should -Be @(80)
        }
        CapacityProvider_RemoveCapacityProvider = {
            $script:Proxy.Clear()
            Get-EcsCapacityProvider pipe-cp | Remove-EcsCapacityProvider -Force | Out-Null
            (Get-RequestBody DeleteCapacityProvider).capacityProvider | Should -Be @('pipe-cp')
        }
        Namespace_GetNamespace = {
            New-EcsNamespace -Name pipe-ns -Confirm:$false | Out-Null
            $script:Proxy.Clear()
            $ns = Get-EcsNamespace pipe-ns | Keep
            ($ns | Get-EcsNamespace).Id | Should -Be $ns.Id
        }
        Namespace_RemoveNamespace = {
            $ns = Get-EcsNamespace pipe-ns
            $script:Proxy.Clear()
            $ns | Remove-EcsNamespace -Force | Out-Null
            (Get-RequestBody DeleteNamespace).Id | Should -Be @($ns.Id)
            Get-EcsNamespace | Where-Object Name -EQ pipe-ns | Should -BeNullOrEmpty
        }
        ScalingConfiguration_GetScaling = {
            Set-EcsScaling -Cluster pipe-a -Service api -MinCapacity 1 -MaxCapacity 4 -Confirm:$false | Out-Null
            $cfg = Get-EcsScaling -Cluster pipe-a -Service api | Keep
            $script:Proxy.Clear()
            ($cfg | Get-EcsScaling).ResourceId | Should -Be 'service/pipe-a/api'
            (Get-RequestBody DescribeScalableTargets).ResourceIds | Should -Be @(, @('service/pipe-a/api'))
        }
        ScalingConfiguration_SetScaling = {
            $cfg = Get-Fresh { Get-EcsScaling -Cluster pipe-a -Service api }
            $cfg | Set-EcsScaling -MinCapacity 2 -MaxCapacity 5 -Confirm:$false | Out-Null
            $req = @(Get-RequestBody RegisterScalableTarget)
            $req[-1].ResourceId | Should -Be 'service/pipe-a/api'
            $req[-1].MaxCapacity | Should -Be 5
        }
        ScalingConfiguration_SuspendScaling = {
            $cfg = Get-Fresh { Get-EcsScaling -Cluster pipe-a -Service api }
            ($cfg | Suspend-EcsScaling -Confirm:$false).DynamicScalingInSuspended | Should -BeTrue
            (Get-RequestBody RegisterScalableTarget)[-1].ResourceId | Should -Be 'service/pipe-a/api'
        }
        ScalingConfiguration_ResumeScaling = {
            $cfg = Get-Fresh { Get-EcsScaling -Cluster pipe-a -Service api }
            ($cfg | Resume-EcsScaling -Confirm:$false).DynamicScalingInSuspended | Should -BeFalse
            (Get-RequestBody RegisterScalableTarget)[-1].ResourceId | Should -Be 'service/pipe-a/api'
        }
        ScalingConfiguration_RemoveScaling = {
            $cfg = Get-Fresh { Get-EcsScaling -Cluster pipe-a -Service api }
            $cfg | Remove-EcsScaling -Force | Out-Null
            (Get-RequestBody DeregisterScalableTarget).ResourceId | Should -Be @('service/pipe-a/api')
        }
        ScalingChange_GetScaling = {
            # -WhatIf emits the plan as changes and sends nothing.
            Set-EcsScaling -Cluster pipe-b -Service other -MinCapacity 1 -MaxCapacity 2 -Confirm:$false | Out-Null
            $script:Proxy.Clear()
            $change = @(Set-EcsScaling -Cluster pipe-b -Service other -MinCapacity 1 -MaxCapacity 6 -WhatIf | Keep)[0]
            @(Get-RecordedRequest -Proxy $script:Proxy -Mutating) | Should -BeNullOrEmpty
            $change | Should -BeOfType ([EcsAdmin.Models.EcsScalingChange])
            $script:Proxy.Clear()
            ($change | Get-EcsScaling).ResourceId | Should -Be 'service/pipe-b/other'
        }
        AccountSetting_GetAccountSetting = {
            Add-AccountSettingReply
            $s = Get-EcsAccountSetting containerInsights | Keep
            $script:Proxy.Clear()
            ($s | Get-EcsAccountSetting).Name | Should -Be 'containerInsights'
            $script:Proxy.Count('ListAccountSettings') | Should -BeGreaterThan 0
        }
        AccountSetting_SetAccountSetting = {
            Add-AccountSettingReply
            $s = Get-EcsAccountSetting awsvpcTrunking
            $script:Proxy.ClearFaults()
            $script:Proxy.Clear()
            $s | Set-EcsAccountSetting -Confirm:$false | Out-Null
            $req = Get-RequestBody PutAccountSetting
            $req.name | Should -Be @('awsvpcTrunking')
            $req.value | Should -Be @('enabled')
            $req.principalArn | Should -Be @('arn:aws:iam::123456789012:root')
        }
        ServiceDeployment_GetServiceDeployment = {
            $d = Get-PipeDeployment
            ($d | Get-EcsServiceDeployment).ServiceDeploymentArn | Should -Be $script:DepArn
            (Get-RequestBody DescribeServiceDeployments).serviceDeploymentArns | Should -Be @($script:DepArn)
        }
        ServiceDeployment_StopServiceDeployment = {
            $d = Get-PipeDeployment
            $d | Stop-EcsServiceDeployment -Force -Confirm:$false | Out-Null
            (Get-RequestBody StopServiceDeployment).serviceDeploymentArn | Should -Be @($script:DepArn)
        }
        ServiceDeployment_ApproveServiceDeployment = {
            $d = Get-PipeDeployment
            $d | Approve-EcsServiceDeployment -Confirm:$false | Out-Null
            Assert-HookContinued
        }
        ServiceDeployment_DenyServiceDeployment = {
            $d = Get-PipeDeployment
            $d | Deny-EcsServiceDeployment -Confirm:$false | Out-Null
            Assert-HookContinued
        }
        ServiceRevision_GetServiceRevision = {
            Add-DeploymentReplies
            $r = Get-EcsServiceRevision -Cluster pipe-a api | Select-Object -First 1
            $script:Proxy.Clear()
            ($r | Get-EcsServiceRevision).ServiceRevisionArn | Should -Contain $r.ServiceRevisionArn
            (Get-RequestBody DescribeServiceRevisions).serviceRevisionArns | Should -Contain $r.ServiceRevisionArn
        }
        ServiceRevision_CompareServiceRevision = {
            Add-DeploymentReplies
            $r = Get-EcsServiceRevision -Cluster pipe-a api | Where-Object ServiceRevisionArn -EQ $script:NewRev
            $r | Should -Not -BeNullOrEmpty
            $diffs = @($r | Compare-EcsServiceRevision -ReferenceArn $script:OldRev | Keep)
            ($diffs | Where-Object Property -Like '*image*').Difference | Should -Contain 'nginx:1.28'
        }
        DeploymentResult_GetService = {
            $r = Wait-EcsService -Cluster pipe-b -Name idle -TimeoutSec 60
            $script:Proxy.Clear()
            ($r | Get-EcsService).ServiceArn | Should -Match ':service/pipe-b/idle$'
        }
        DeploymentResult_WaitService = {
            $r = Wait-EcsService -Cluster pipe-b -Name idle -TimeoutSec 60
            $script:Proxy.Clear()
            $again = $r | Wait-EcsService -TimeoutSec 60
            $again.Service | Should -Be 'idle'
            $again.DeploymentId | Should -Be $r.DeploymentId
        }
        ServiceHealth_GetService = {
            $h = Get-EcsServiceHealth -Cluster pipe-a -Service api | Keep
            $script:Proxy.Clear()
            ($h | Get-EcsService).ServiceArn | Should -Match ':service/pipe-a/api$'
        }
        ServiceHealth_GetTask = {
            $h = Get-EcsServiceHealth -Cluster pipe-a -Service web
            $script:Proxy.Clear()
            $h | Get-EcsTask | Out-Null
            $req = Get-RequestBody ListTasks
            $req.cluster | Should -Be @('pipe-a')
            $req.serviceName | Should -Be @('web')
        }
        RightSizing_UpdateService = {
            $r = Get-EcsRightSizing -Cluster pipe-rs -Service big
            $r.RecommendedCpu | Should -Not -BeNullOrEmpty
            $script:Proxy.Clear()
            $r | Update-EcsService -Confirm:$false | Out-Null
            $req = @(Get-RequestBody UpdateService)
            $req[-1].cluster | Should -Be 'pipe-rs'
            $req[-1].service | Should -Be 'big'
            (Get-RequestBody RegisterTaskDefinition)[-1].cpu | Should -Be ([string]$r.RecommendedCpu)
        }
        RightSizing_SetScaling = {
            $r = Get-EcsRightSizing -Cluster pipe-rs -Service peaky
            $r.MaxCapacity | Should -Not -BeNullOrEmpty
            $script:Proxy.Clear()
            $r | Set-EcsScaling -Confirm:$false | Out-Null
            $req = @(Get-RequestBody RegisterScalableTarget)
            $req[-1].ResourceId | Should -Be 'service/pipe-rs/peaky'
            $req[-1].MinCapacity | Should -Be $r.MinCapacity
            $req[-1].MaxCapacity | Should -Be $r.MaxCapacity
        }
        ServiceFileExport_GetService = {
            $dir = Join-Path ([IO.Path]::GetTempPath()) ('pipe-export-' + [guid]::NewGuid().ToString('N'))
            try {
                $x = Export-EcsService -Cluster pipe-b -Name other -Path $dir -Confirm:$false
                $script:Proxy.Clear()
                ($x | Get-EcsService).ServiceArn | Should -Match ':service/pipe-b/other$'
            }
            finally { Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue }
        }
        ServiceFileDeployment_GetService = {
            $d = Deploy-EcsService -Path $script:ExportDir -Cluster pipe-a -SkipPreflight -Confirm:$false
            $script:Proxy.Clear()
            ($d | Get-EcsService).ServiceArn | Should -Match ':service/pipe-a/web$'
        }
        LogEvent_GetTask = {
            $e = @(Get-EcsLog -Cluster pipe-a -Service web -Since (Get-Date).AddHours(-1))[0]
            $e | Should -Not -BeNullOrEmpty
            $script:Proxy.Clear()
            $e | Get-EcsTask | Out-Null
            $req = Get-RequestBody ListTasks
            $req.cluster | Should -Be @('pipe-a')
            $req.serviceName | Should -Be @('web')
        }
        MetricPoint_GetService = {
            $m = @(Get-EcsServiceMetric -Cluster pipe-a -Service api -Window ([timespan]::FromHours(6)))[0]
            $m | Should -Not -BeNullOrEmpty
            $script:Proxy.Clear()
            ($m | Get-EcsService).ServiceArn | Should -Match ':service/pipe-a/api$'
        }
        ExecCheck_GetTask = {
            Add-ExecTaskReply $Fx.OtherTasks[0]
            $check = @(Test-EcsExecReadiness -Cluster pipe-b -Task $Fx.OtherTasks[0].TaskArn)[0]
            $script:Proxy.ClearFaults()
            $script:Proxy.Clear()
            ($check | Get-EcsTask).TaskArn | Should -Contain $Fx.OtherTasks[0].TaskArn
            @(@(Get-RequestBody ListTasks).cluster) + @(@(Get-RequestBody DescribeTasks).cluster) | Sort-Object -Unique | Should -Be 'pipe-b'
        }
        ExecResult_GetTask = {
            $r = Invoke-EcsExec -Cluster pipe-a -Task $Fx.Tasks[1].TaskArn -Command 'true' -Confirm:$false
            $script:Proxy.Clear()
            ($r | Get-EcsTask).TaskArn | Should -Be $Fx.Tasks[1].TaskArn
            (Get-RequestBody DescribeTasks).cluster | Should -Be @('pipe-a')
        }
        AnywhereActivation_GetContainerInstance = {
            $script:Proxy.AddReply('CreateActivation', '{"ActivationId":"e488f2f6-e686-4afb-8a04-ef6dfEXAMPLE","ActivationCode":"Zq5ZJb0Vb4c4mRiEXAMPLE"}', 1)
            $a = New-EcsAnywhereActivation -Cluster pipe-ci -IamRole ecsAnywhereRole -Confirm:$false
            $script:Proxy.Clear()
            $a | Get-EcsContainerInstance | Out-Null
            (Get-RequestBody ListContainerInstances).cluster | Should -Be @('pipe-ci')
        }
        Service_GetServiceEvent = {
            Add-ServiceEventReply
            $ev = @(Get-EcsService -Cluster pipe-a -Name web | Get-EcsServiceEvent | Keep)
            $ev.Message | Should -Be @('(service web) has reached a steady state.', '(service web) has started 1 tasks: (task 0a1b2c3d).')
            $ev.Cluster | Sort-Object -Unique | Should -Be 'pipe-a'
        }
        ServiceEvent_GetService = {
            Add-ServiceEventReply
            $ev = @(Get-EcsServiceEvent -Cluster pipe-a -Name web)[0]
            $script:Proxy.ClearFaults()
            $script:Proxy.Clear()
            ($ev | Get-EcsService).ServiceArn | Should -Match ':service/pipe-a/web$'
            (Get-RequestBody DescribeServices).cluster | Should -Be @('pipe-a')
        }
        Task_StartPortForward = {
            Add-ExecTaskReply $Fx.Tasks[0]
            $job = $Fx.Tasks[0] | Start-EcsPortForward -RemotePort $script:Web.Port -LocalPort (Get-FreeTcpPort) -AsJob -Confirm:$false | Keep
            $f = $job | Receive-Job -Keep | Keep
            $f.TaskArn | Should -Be $Fx.Tasks[0].TaskArn
            (Invoke-WebRequest -Uri "http://127.0.0.1:$($f.LocalPort)/" -TimeoutSec 30).Content | Should -Be $script:Page
            (Get-RequestBody StartSession).Target | Should -Be @("ecs:pipe-a_$($Fx.Tasks[0].TaskId)_$($Fx.Tasks[0].TaskId)-1234567890")
        }
        Task_GetPortForward = {
            $out = @($Fx.Tasks[0] | Get-EcsPortForward)
            $out.TaskArn | Should -Be @($Fx.Tasks[0].TaskArn)
            @($Fx.Tasks[1] | Get-EcsPortForward) | Should -BeNullOrEmpty
        }
        PortForward_GetTask = {
            $f = @(Get-EcsPortForward)[0]
            ($f | Get-EcsTask).TaskArn | Should -Be $Fx.Tasks[0].TaskArn
            (Get-RequestBody DescribeTasks).cluster | Should -Be @('pipe-a')
        }
        PortForward_StopPortForward = {
            $f = @(Get-EcsPortForward)[0]
            $f | Stop-EcsPortForward -Confirm:$false
            Get-EcsPortForward | Should -BeNullOrEmpty
            (Get-RequestBody TerminateSession).SessionId | Should -Be @($f.SessionId)
        }
        Task_CopyFile = {
            Add-ExecTaskReply $Fx.Tasks[0]
            $src = Join-Path ([IO.Path]::GetTempPath()) ('pipe-copy-' + [guid]::NewGuid().ToString('N'))
            $dest = "$src.copied"
            [IO.File]::WriteAllBytes($src, [byte[]](1..255))
            try {
                $r = $Fx.Tasks[0] | Copy-EcsFile -Path $src -Destination $dest -Confirm:$false | Keep
                $r.TaskId | Should -Be $Fx.Tasks[0].TaskId
                (Get-FileHash $dest).Hash | Should -Be (Get-FileHash $src).Hash
                (Get-RequestBody ExecuteCommand).task | Sort-Object -Unique | Should -Be $Fx.Tasks[0].TaskArn
            }
            finally { Remove-Item $src, $dest -ErrorAction SilentlyContinue }
        }
    }
}

AfterAll {
    Get-EcsPortForward | Stop-EcsPortForward -Confirm:$false -ErrorAction SilentlyContinue
    Get-Job | Where-Object PSJobTypeName -EQ 'EcsPortForwardJob' | Remove-Job -Force
    if ($script:Web) { $script:Web.Dispose() }
    if ($script:ExportDir) { Remove-Item -Recurse -Force $script:ExportDir -ErrorAction SilentlyContinue }
    if ($script:Env) { Restore-AwsEnvironment -Snapshot $script:Env }
    Stop-RecordingProxy -Proxy $script:Proxy
    Stop-ExecTestServer $script:ExecServer
    Stop-MotoServer -Server $script:Moto
}

Describe 'The table of pipeline pairs' {
    It 'lists every public output type of the module, or says why it is not piped' {
        $outputs = (Get-Module EcsAdmin).ExportedCmdlets.Values | ForEach-Object { $_.OutputType.Type } | Where-Object { $_ -and $_.Namespace -eq 'EcsAdmin.Models' } | ForEach-Object Name | Sort-Object -Unique
        $missing = $outputs | Where-Object { $_ -notin $Pairs.From -and -not $NotPiped.ContainsKey($_) }
        $missing | Should -BeNullOrEmpty -Because 'every output type is piped somewhere (add a pair) or listed in $NotPiped with a reason'
    }

    It 'runs every pair against moto: each names a run that exists' {
        $without = $Pairs | Where-Object { -not $_.Run -or -not $Runs.ContainsKey($_.Run) } | ForEach-Object { "$($_.From) | $($_.To)" }
        $without | Should -BeNullOrEmpty -Because 'every pair pipes a real object into its consumer (add a Run to $Runs)'
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

    It '<From> | <To>' -ForEach $Pairs {
        $script:Proxy.ClearFaults()
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

Describe 'Export-Csv of every output type' {
    # Export-Csv writes each property with ToString: a list, map or nested object without one reads as its type name.
    # The samples are the real objects the pipeline runs above piped (Keep), so a new output type fails here until a
    # run produces one.
    It 'writes readable cells, never a type name, for one real object of each output type' {
        $Samples['EcsSession'] = Get-EcsSession
        $outputs = (Get-Module EcsAdmin).ExportedCmdlets.Values | ForEach-Object { $_.OutputType.Type } | Where-Object { $_ -and $_.Namespace -eq 'EcsAdmin.Models' } | Sort-Object Name -Unique
        $outputs.Count | Should -BeGreaterThan 30
        $typeName = '^(System|EcsAdmin|Amazon|Microsoft)(\.\w+)+(`\d+)?(\[.*\])?$'
        $file = Join-Path ([IO.Path]::GetTempPath()) ('pipe-csv-' + [guid]::NewGuid().ToString('N') + '.csv')
        try {
            $problems = foreach ($t in $outputs) {
                $o = $Samples[$t.Name]
                if ($null -eq $o) { "$($t.Name): no real object was piped (Keep one in a run)"; continue }
                # A PowerShell job's own members (ChildJobs, Output, Finished...) are PowerShell's: check what the type adds.
                $names = if ($o -is [System.Management.Automation.Job]) { $t.GetProperties([Reflection.BindingFlags]'Public,Instance,DeclaredOnly').Name } else { '*' }
                $o | Select-Object -Property $names | Export-Csv -LiteralPath $file -NoTypeInformation
                $row = @(Import-Csv -LiteralPath $file)
                $row.Count | Should -Be 1
                # A secret stays a SecureString: its cell names the type, as PowerShell's own credentials do, and never the value.
                $secrets = @($t.GetProperties() | Where-Object PropertyType -EQ ([securestring]) | ForEach-Object Name)
                foreach ($cell in $row[0].PSObject.Properties) {
                    if ($cell.Value -match $typeName -and $cell.Name -notin $secrets) { "$($t.Name).$($cell.Name) reads '$($cell.Value)'" }
                }
            }
        }
        finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
        $problems | Should -BeNullOrEmpty
    }

    It 'still indexes, counts and enumerates list and map properties' {
        $svc = $Samples['EcsService']
        $subnets = $svc.NetworkConfiguration.Subnets
        $subnets.Count | Should -BeGreaterThan 0
        $subnets[0] | Should -BeLike 'subnet-*'
        @($subnets | ForEach-Object { $_ }).Count | Should -Be $subnets.Count
        $cluster = [EcsAdmin.Models.EcsCluster]@{ Cluster = 'c'; CapacityProviders = @('FARGATE', 'FARGATE_SPOT'); Tags = @{ env = 'prod' } }
        $cluster.CapacityProviders.Length | Should -Be 2
        $cluster.Tags['env'] | Should -Be 'prod'
        ($cluster | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv).CapacityProviders | Should -Be 'FARGATE, FARGATE_SPOT'
        ($cluster | ConvertTo-Json -Depth 3 | ConvertFrom-Json).CapacityProviders | Should -Be @('FARGATE', 'FARGATE_SPOT')
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

Describe 'Service folders are paths (Deploy-, Compare-EcsService, Test-EcsServiceReadiness)' {
    BeforeAll {
        $script:Root = Join-Path ([IO.Path]::GetTempPath()) ('svcfolders-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $script:Root | Out-Null
        foreach ($s in 'api', 'web') { Export-EcsService -Cluster pipe-a -Name $s -Path (Join-Path $script:Root "svc-$s") -Confirm:$false | Out-Null }
        function Get-ComparedService { @(Get-RequestBody DescribeServices | ForEach-Object { $_.services }) | Sort-Object -Unique }
    }
    AfterAll { Remove-Item -Recurse -Force $script:Root -ErrorAction SilentlyContinue }
    BeforeEach { $script:Proxy.ClearFaults(); $script:Proxy.Clear() }

    It 'expands a wildcard to every service folder it matches' {
        Compare-EcsService -Path (Join-Path $script:Root 'svc-*') -Cluster pipe-a | Out-Null
        Get-ComparedService | Should -Be @('api', 'web')
    }

    It 'takes folders piped from Get-ChildItem, and their service.json files' {
        Get-ChildItem -Directory $script:Root | Compare-EcsService -Cluster pipe-a | Out-Null
        Get-ComparedService | Should -Be @('api', 'web')
        $script:Proxy.Clear()
        $checks = @(Get-ChildItem (Join-Path $script:Root 'svc-*/service.json') | Test-EcsServiceReadiness -Cluster pipe-a)
        $checks.Service | Sort-Object -Unique | Should -Be @('api', 'web')
    }

    It 'plans every matched folder with Deploy-EcsService -WhatIf and changes nothing' {
        $plans = @(Deploy-EcsService (Join-Path $script:Root 'svc-*') -Cluster pipe-a -WhatIf)
        $plans.Service | Sort-Object | Should -Be @('api', 'web')
        @(Get-RecordedRequest -Proxy $script:Proxy -Mutating) | Should -BeNullOrEmpty
    }

    It 'takes a folder whose name holds wildcard characters with -LiteralPath' {
        # 'svc-[w]eb' holds api's files; as a pattern it names the folder svc-web.
        $odd = Join-Path $script:Root 'svc-[w]eb'
        Copy-Item -LiteralPath (Join-Path $script:Root 'svc-api') -Destination $odd -Recurse
        Compare-EcsService -Path $odd -Cluster pipe-a | Out-Null
        Get-ComparedService | Should -Be @('web')
        $script:Proxy.Clear()
        Compare-EcsService -LiteralPath $odd -Cluster pipe-a | Out-Null
        Get-ComparedService | Should -Be @('api')
    }

    It 'says no folder matches a pattern that matches nothing, before any request' {
        $pattern = Join-Path $script:Root 'nothing-*'
        Compare-EcsService -Path $pattern -Cluster pipe-a -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ServiceFolderNotFound*'
        $errs[0].Exception.Message | Should -BeLike "No folder matches '*nothing-*'."
        $script:Proxy.Requests.Count | Should -Be 0
    }

    It 'says a service.json that is a directory is a directory' {
        $dir = Join-Path $script:Root 'odd'
        New-Item -ItemType Directory -Path (Join-Path $dir 'service.json') -Force | Out-Null
        Compare-EcsService -Path $dir -Cluster pipe-a -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ServiceFileNotFound*'
        $errs[0].Exception.Message | Should -BeLike '*service.json*is a directory*'
        $script:Proxy.Requests.Count | Should -Be 0
    }

    It 'says a service.json that cannot be read cannot be read, with the system''s reason' -Skip:(-not (Test-Path /proc/self/mem)) {
        # A link to /proc/self/mem: the file exists but reading it from the start fails, even for root.
        $dir = Join-Path $script:Root 'unreadable'
        New-Item -ItemType Directory -Path $dir | Out-Null
        New-Item -ItemType SymbolicLink -Path (Join-Path $dir 'service.json') -Target /proc/self/mem | Out-Null
        Deploy-EcsService -Path $dir -Cluster pipe-a -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ServiceFileUnreadable*'
        $errs[0].CategoryInfo.Category | Should -Be 'ReadError'
        $errs[0].Exception.Message | Should -BeLike "Cannot read '*service.json': *"
        @(Get-RecordedRequest -Proxy $script:Proxy -Mutating) | Should -BeNullOrEmpty
    }
}
