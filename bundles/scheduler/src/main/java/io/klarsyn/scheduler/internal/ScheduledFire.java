package io.klarsyn.scheduler.internal;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The Quartz job of every Klarsyn job: hands the fire to the scheduler component. */
@DisallowConcurrentExecution
public final class ScheduledFire implements Job {

    private final QuartzJobScheduler scheduler;

    ScheduledFire(QuartzJobScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void execute(JobExecutionContext context) {
        scheduler.fired(context.getJobDetail().getKey().getName(), context.getScheduledFireTime().toInstant());
    }
}
