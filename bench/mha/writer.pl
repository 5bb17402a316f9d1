#!/usr/bin/perl
# Writer loop for bench/mha-failover.sh.
# Every ~20 ms tries one INSERT on each server given on the command line and
# prints "<epoch seconds> <port> <id>" for each INSERT the server acknowledged
# (autocommit: the acknowledgement is the commit). Stops after --seconds.
# Usage: writer.pl --seconds N --user U --password P PORT...
use strict;
use warnings;
use DBI;
use Time::HiRes qw(time sleep);
use Getopt::Long;

my ( $seconds, $user, $password ) = ( 60, 'bench', 'bench' );
GetOptions( 'seconds=i' => \$seconds, 'user=s' => \$user, 'password=s' => \$password )
  or die "bad options\n";
my @ports = @ARGV or die "no ports\n";
$| = 1;

my %dbh;
sub handle {
  my $port = shift;
  return $dbh{$port} if $dbh{$port};
  my $dsn = "DBI:mysql:database=bench;host=127.0.0.1;port=$port;"
    . "mysql_connect_timeout=1;mysql_read_timeout=1;mysql_write_timeout=1";
  $dbh{$port} = DBI->connect( $dsn, $user, $password,
    { RaiseError => 0, PrintError => 0, AutoCommit => 1 } );
  return $dbh{$port};
}

my $id  = int( time() * 1000 ) * 10;    # unique across runs on one table
my $end = time() + $seconds;
while ( time() < $end ) {
  my $tick = time();
  for my $port (@ports) {
    my $dbh = handle($port) or next;
    $id++;
    if ( $dbh->do( "INSERT INTO t (id, port) VALUES (?, ?)", undef, $id, $port ) ) {
      printf "%.6f %d %d\n", time(), $port, $id;
    }
    elsif ( !$dbh->ping ) {
      delete $dbh{$port};    # reconnect next round
    }
  }
  my $left = 0.020 - ( time() - $tick );
  sleep($left) if $left > 0;
}
