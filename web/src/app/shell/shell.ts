import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { UsersApi } from '../api/users-api';
import { LiveUpdates } from './live-updates';
import { SessionStore } from './session';

/** The frame of every signed-in page: the business's name, the sections, sign-out. */
@Component({
  selector: 'app-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbarModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell implements OnInit {
  private readonly sessions = inject(SessionStore);
  private readonly live = inject(LiveUpdates);
  private readonly users = inject(UsersApi);
  private readonly profile = rxResource({ stream: () => this.users.me() });

  protected readonly signingOut = signal(false);
  protected readonly liveStatus = this.live.status;
  protected readonly businessName = computed(() => {
    const profile = this.profile.hasValue() ? this.profile.value() : null;
    return profile?.business_name || profile?.display_name || this.sessions.session()?.name || 'Your business';
  });

  ngOnInit(): void {
    const subject = this.sessions.session()?.subject;
    if (subject) {
      void this.live.start(subject);
    }
  }

  protected async signOut(): Promise<void> {
    this.signingOut.set(true);
    try {
      await this.sessions.signOut();
    } finally {
      this.signingOut.set(false);
    }
  }
}
