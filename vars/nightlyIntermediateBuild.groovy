// The nightly intermediate build in one call, through the ecr-image-pipeline CLI on the agent.
// The plugin's own steps (intermediateBuild, ecrLogin, ecrCleanup) replace this when they land; the
// arguments keep their names so Jenkinsfiles do not change.
def call(Map args = [:]) {
    String jar = args.cliJar ?: env.ECR_IMAGE_PIPELINE_JAR
    if (!jar) {
        error('nightlyIntermediateBuild: set cliJar (or ECR_IMAGE_PIPELINE_JAR) to the path of ecr-image-pipeline.jar on the agent')
    }
    List<String> command = ['java', '-jar', jar, 'build',
                            '--compose', (args.compose ?: 'docker-compose.yml'),
                            '--tag', (args.tag ?: 'intermediate'),
                            '--report', (args.report ?: 'ecr-image-pipeline-report.json')]
    if (args.services) {
        command += ['--services', (args.services instanceof List ? args.services.join(',') : args.services.toString())]
    } else {
        command += ['--pattern', (args.pattern ?: '-(production|qa)')]
    }
    String registry = args.registry ?: env.AWS_ECR_DOMAIN
    if (registry) {
        command += ['--registry', registry]
    }
    if (args.parallel) {
        command += ['--parallel', args.parallel.toString()]
    }
    (args.buildArgs ?: [:]).each { k, v -> command += ['--build-arg', "${k}=${v}".toString()] }
    if (args.push == false) {
        command += ['--no-push']
    }
    if (args.ecrLogin != false) {
        // Log in with the agent's own IAM role (private docker config, renewed during long runs).
        command += ['--ecr-login']
        if (args.region) {
            command += ['--region', args.region]
        }
        (args.assumeRoles ?: []).each { command += ['--assume-role', it.toString()] }
    }
    if (args.docker) {
        command += ['--docker', args.docker]
    }
    if (args.network) {
        command += ['--network', args.network]
    }
    // Single-quote every argument for sh: patterns like -(production|qa)$ must reach the CLI unchanged.
    String script = command.collect { "'" + it.replace("'", "'\"'\"'") + "'" }.join(' ')
    int status = sh(script: script, returnStatus: true, label: 'ecr-image-pipeline build')
    archiveArtifacts(artifacts: (args.report ?: 'ecr-image-pipeline-report.json'), allowEmptyArchive: true)
    if (status == 1) {
        error('nightlyIntermediateBuild: some services failed to build or push; the summary above names them. '
                + 'Their registry tags still hold the last good images.')
    } else if (status != 0) {
        error("nightlyIntermediateBuild: invalid input or environment (exit ${status}); see the error above. Nothing was built.")
    }
}
