#!/bin/sh
echo "worker for queues $QUEUE_NAMES ($APP_ENV)"
