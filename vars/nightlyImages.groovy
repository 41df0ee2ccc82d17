// The whole nightly in one call, built on the plugin's steps (intermediateBuild, withAwsRole): build every
// nightly service (optionally split over several agents), then the team's own smoke tests, promotion, deploy
// and cleanup, each in a stage a person recognises. A failed build stops there: nothing is promoted or deployed.
import groovy.transform.Field

@Field static final List<String> KNOWN = ['compose', 'services', 'pattern', 'tag', 'label', 'shards', 'region', 'ecrLogin',
                                          'checkout', 'registry', 'parallel', 'buildArgs', 'docker', 'network',
                                          'datedTag', 'serviceTimeout', 'failFast', 'pull', 'imageTests',
                                          'smokeTests', 'promote', 'deploy', 'cleanup']

def call(Map args = [:]) {
    List<String> unknown = args.keySet().findAll { !(it in KNOWN) }.collect { it.toString() }
    if (unknown) {
        error("nightlyImages: unknown argument(s) ${unknown.join(', ')}; known: ${KNOWN.join(', ')}")
    }
    Map config = [compose: 'docker-compose.yml', pattern: '-(production|qa)', services: '', tag: 'intermediate',
                  label: 'docker', shards: 1, region: '', ecrLogin: true, checkout: true] + args
    int shards = config.shards as int
    if (shards < 1) {
        error("nightlyImages: shards must be at least 1, not ${config.shards}")
    }
    Map build = [compose: config.compose, tag: config.tag, ecrLogin: config.ecrLogin, region: config.region]
    // Explicit services (what "Build with Parameters" gives) win over the nightly pattern.
    if (config.services) {
        build.services = config.services instanceof List ? config.services.join(',') : config.services.toString()
    } else {
        build.pattern = config.pattern
    }
    for (String key : ['registry', 'parallel', 'buildArgs', 'docker', 'network', 'datedTag', 'serviceTimeout', 'failFast', 'pull']) {
        if (config[key] != null) {
            build[key] = config[key]
        }
    }
    // Per-service commands run in the new image before its push (a failure blocks only that push).
    if (config.imageTests) {
        if (!(config.imageTests instanceof Map)) {
            error("nightlyImages: imageTests must be a map of service to shell command, e.g. ['web-production': 'test -x /app/bin/server']")
        }
        build.smokeTests = config.imageTests.collect { service, command -> "${service}=${command}".toString() }
    }

    List images = []
    stage('Build images') {
        if (shards == 1) {
            node(config.label) {
                if (config.checkout) {
                    checkout scm
                }
                images.addAll(intermediateBuild(build))
            }
        } else {
            Map branches = [:]
            for (int i = 1; i <= shards; i++) {
                String shard = "${i}/${shards}"
                branches["shard ${shard}"] = {
                    node(config.label) {
                        if (config.checkout) {
                            checkout scm
                        }
                        images.addAll(intermediateBuild(build + [shard: shard]))
                    }
                }
            }
            parallel branches
        }
    }
    if (config.smokeTests) {
        stage('Smoke tests') {
            node(config.label) {
                config.smokeTests.call(images)
            }
        }
    }
    if (config.promote) {
        stage('Promote') {
            config.promote.call(images)
        }
    }
    if (config.deploy) {
        stage('Deploy') {
            node(config.label) {
                // The agent's own IAM role, never keys stored in Jenkins; secrets are masked in the log.
                withAwsRole(region: config.region) {
                    config.deploy.call(images)
                }
            }
        }
    }
    if (config.cleanup) {
        stage('Clean up') {
            config.cleanup.call(images)
        }
    }
    return images
}
